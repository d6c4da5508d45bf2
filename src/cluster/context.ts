import type { IgnoreDifference, JsonObject } from '../core/drift';
import type { ClusterConnection } from './connection';
import { Discovery } from './discovery';
import type { RetryOptions } from './retry';
import { withRetry } from './retry';

/** An Application's rendered objects and settings: the input of a diff or sync. */
export interface ApplicationSource {
  readonly name: string;
  readonly manifests: readonly JsonObject[];
  /** Namespace for namespaced objects that name none, like Argo CD's destination namespace. */
  readonly namespace?: string;
  readonly ignoreDifferences?: readonly IgnoreDifference[];
}

/** Receives progress and retry messages; never Secret values or credentials. */
export type ClusterLog = (message: string) => void;

/** A connection with its discovery cache, retry policy and log, shared by diff and sync. */
export class ClusterContext {
  readonly discovery: Discovery;

  constructor(
    readonly connection: ClusterConnection,
    readonly retry: Omit<RetryOptions, 'signal' | 'onRetry'> = {},
    readonly log: ClusterLog = () => undefined,
  ) {
    this.discovery = new Discovery(connection, (what, operation, signal) =>
      this.call(what, operation, signal),
    );
  }

  /**
   * Sends one GET /version with the retry policy, so a command can fail fast with one clear
   * error when the server is unreachable or rejects the credentials, before any other request.
   */
  async checkServer(signal?: AbortSignal): Promise<void> {
    const get = () =>
      this.connection.request({ method: 'GET', path: '/version', ...(signal ? { signal } : {}) });
    await this.call('GET /version', get, signal);
  }

  /** Runs one API call with the retry policy, logging each retry. */
  call<T>(what: string, operation: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return withRetry(operation, {
      ...this.retry,
      ...(signal ? { signal } : {}),
      onRetry: (attempt, delayMs, error) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.log(`${what}: attempt ${attempt} failed (${reason}); retrying in ${delayMs / 1000} s`);
      },
    });
  }
}

/** Runs `task` over `items` with at most `limit` running at once; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
