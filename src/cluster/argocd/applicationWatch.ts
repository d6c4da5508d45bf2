import type { LiveApplication } from '../../core/argocd/application';
import { applicationKey, readLiveApplication } from '../../core/argocd/application';
import type { ApplicationIdentity } from '../../core/argocd/matching';
import { isManagedByArgoCd } from '../../core/argocd/matching';
import type { JsonObject } from '../../core/drift/types';
import { childObject, childString, isJsonObject } from '../../core/drift/types';
import type { ClusterConnection } from '../connection';
import { ApiError, CancelledError, errorMessage } from '../errors';
import { sleep } from '../retry';
import { applicationsPath } from './paths';
import type { WatchTransport } from './watchTransport';

/** A change to the set of Applications; `relisted` replaces the whole set after a (re)list. */
export type ApplicationEvent =
  | { readonly type: 'added' | 'modified'; readonly application: LiveApplication }
  | { readonly type: 'deleted'; readonly application: LiveApplication }
  | { readonly type: 'relisted'; readonly applications: readonly LiveApplication[] };

/** State of the watch connection, for the status bar. */
export type WatchState =
  | { readonly kind: 'listing' }
  | { readonly kind: 'watching' }
  | { readonly kind: 'reconnecting'; readonly error: string; readonly delayMs: number }
  | { readonly kind: 'stopped' };

export interface ApplicationWatchOptions {
  /** Namespace to watch; all namespaces when undefined. */
  readonly namespace?: string;
  /** First delay after a failed watch in milliseconds; later ones double up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Seconds after which the server ends each watch request, which is then sent again at once. */
  readonly watchTimeoutSeconds?: number;
  readonly log?: (message: string) => void;
}

type Listener<T> = (value: T) => void;

/**
 * Keeps a copy of the cluster's Argo CD Applications with one list and one long-running watch.
 * A watch that drops resumes from the last resourceVersion after a backoff delay. A 410 Gone
 * means the server no longer has that version in its history, so the watch lists again.
 */
export class ApplicationWatch {
  private readonly applications = new Map<string, LiveApplication>();
  private readonly eventListeners = new Set<Listener<ApplicationEvent>>();
  private readonly stateListeners = new Set<Listener<WatchState>>();
  private readonly abort = new AbortController();
  private version: string | undefined;
  private currentState: WatchState = { kind: 'listing' };
  private running: Promise<void> | undefined;

  constructor(
    private readonly connection: ClusterConnection,
    private readonly transport: WatchTransport,
    private readonly options: ApplicationWatchOptions = {},
  ) {}

  /** Lists the Applications, then keeps watching in the background; resolves after the list. */
  async start(): Promise<void> {
    await this.relist();
    this.running = this.watchLoop();
  }

  /** Stops the watch; resolves when its request has ended. */
  async dispose(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.setState({ kind: 'stopped' });
  }

  get state(): WatchState {
    return this.currentState;
  }

  /** The resourceVersion the watch resumes from after a drop. */
  get resourceVersion(): string | undefined {
    return this.version;
  }

  list(): LiveApplication[] {
    return [...this.applications.values()];
  }

  get(namespace: string, name: string): LiveApplication | undefined {
    return this.applications.get(applicationKey({ namespace, name }));
  }

  /** Tells whether a cluster Application matches the workspace one, so Argo CD deploys it. */
  isManagedByArgoCd(identity: ApplicationIdentity): boolean {
    return isManagedByArgoCd(identity, this.list());
  }

  onDidChange(listener: Listener<ApplicationEvent>): { dispose(): void } {
    this.eventListeners.add(listener);
    return { dispose: () => this.eventListeners.delete(listener) };
  }

  onDidChangeState(listener: Listener<WatchState>): { dispose(): void } {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  private async relist(): Promise<void> {
    this.setState({ kind: 'listing' });
    const path = applicationsPath(this.options.namespace);
    const body = await this.connection.request({ method: 'GET', path, signal: this.abort.signal });
    const items =
      isJsonObject(body) && Array.isArray(body['items']) ? body['items'].filter(isJsonObject) : [];

    this.applications.clear();
    for (const item of items) {
      const application = readLiveApplication(item);
      this.applications.set(applicationKey(application), application);
    }
    this.version = childString(childObject(body, 'metadata'), 'resourceVersion');
    this.emit({ type: 'relisted', applications: this.list() });
  }

  private async watchLoop(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      try {
        if (this.version === undefined) {
          await this.relist();
        }
        const received = await this.watchOnce();
        failures = received ? 0 : failures + 1;
      } catch (error) {
        if (this.abort.signal.aborted || error instanceof CancelledError) {
          return;
        }
        if (error instanceof ApiError && error.status === 410) {
          this.log(
            `watch: resourceVersion ${this.version ?? ''} expired (410 Gone); listing again`,
          );
          this.version = undefined;
          continue;
        }
        failures++;
        await this.backoff(failures, error);
        continue;
      }
      if (failures > 0 && !this.abort.signal.aborted) {
        // The server ended a stream without sending anything; wait before the next attempt.
        await this.backoff(failures, new Error('the server ended the watch without events'));
      }
    }
  }

  private async backoff(failures: number, error: unknown): Promise<void> {
    const initial = this.options.initialDelayMs ?? 1_000;
    const delayMs = Math.min(this.options.maxDelayMs ?? 30_000, initial * 2 ** (failures - 1));
    this.log(
      `watch failed (${errorMessage(error)}); reconnecting in ${delayMs} ms (attempt ${failures})`,
    );
    this.setState({ kind: 'reconnecting', error: errorMessage(error), delayMs });
    await sleep(delayMs, this.abort.signal).catch(() => undefined);
  }

  /** Runs one watch request; resolves with true when at least one event arrived. */
  private async watchOnce(): Promise<boolean> {
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 600;
    const query = {
      watch: '1',
      allowWatchBookmarks: 'true',
      resourceVersion: this.version ?? '',
      timeoutSeconds: String(timeoutSeconds),
    };
    let received = false;
    this.setState({ kind: 'watching' });

    const path = applicationsPath(this.options.namespace);
    const idleTimeoutMs = (timeoutSeconds + 30) * 1000;
    const onLine = (line: string) => {
      received = true;
      return this.handleLine(line);
    };
    await this.transport.stream(path, query, onLine, this.abort.signal, idleTimeoutMs);
    return received;
  }

  /** Applies one watch event; returns the error of an ERROR event, which ends the stream. */
  private handleLine(line: string): Error | undefined {
    let event: JsonObject;
    try {
      event = JSON.parse(line) as JsonObject;
    } catch {
      this.log(`watch: skipped a line that is not JSON (${line.slice(0, 80)})`);
      return undefined;
    }
    const type = childString(event, 'type');
    const object = childObject(event, 'object');
    if (type === undefined || object === undefined) {
      return undefined;
    }
    if (type === 'ERROR') {
      return statusToError(object);
    }

    this.version = childString(childObject(object, 'metadata'), 'resourceVersion') ?? this.version;
    if (type !== 'BOOKMARK') {
      this.applyEvent(type, readLiveApplication(object));
    }
    return undefined;
  }

  private applyEvent(type: string, application: LiveApplication): void {
    const key = applicationKey(application);
    if (type === 'DELETED') {
      this.applications.delete(key);
      this.emit({ type: 'deleted', application });
      return;
    }
    this.applications.set(key, application);
    this.emit({ type: type === 'ADDED' ? 'added' : 'modified', application });
  }

  private emit(event: ApplicationEvent): void {
    for (const listener of this.eventListeners) {
      try {
        listener(event);
      } catch (error) {
        this.log(`an Application listener failed: ${errorMessage(error)}`);
      }
    }
  }

  private setState(state: WatchState): void {
    this.currentState = state;
    for (const listener of this.stateListeners) {
      listener(state);
    }
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}

/** Turns the Status object of an ERROR watch event into an ApiError; 410 means "too old". */
function statusToError(status: JsonObject): ApiError {
  const code = typeof status['code'] === 'number' ? status['code'] : 500;
  const reason = childString(status, 'reason') ?? 'Unknown';
  const message = childString(status, 'message') ?? 'watch error';
  return new ApiError(`watch error ${code} ${reason}: ${message}`, code, reason);
}
