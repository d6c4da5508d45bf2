import { CancelledError, errorMessage, isRetryable } from './errors';

export interface RetryOptions {
  /** Delay before the first retry in milliseconds; each later delay doubles it. */
  readonly baseDelayMs?: number;
  /** Number of retries after the first attempt. */
  readonly retries?: number;
  readonly signal?: AbortSignal;
  /** Called before each wait, e.g. to log the retry. */
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/** Default delays: 5, 10, 20, 40 and 80 s. */
export const defaultRetry = { baseDelayMs: 5_000, retries: 5 } as const;

/**
 * Runs `operation`, retrying it with exponential backoff while it fails with a retryable error
 * (unreachable server, timeout, 429, 5xx). Other errors and cancellation end it at once.
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const base = options.baseDelayMs ?? defaultRetry.baseDelayMs;
  const retries = options.retries ?? defaultRetry.retries;

  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= retries || !isRetryable(error) || options.signal?.aborted === true) {
        throw error;
      }
      const delayMs = base * 2 ** attempt;
      options.onRetry?.(attempt + 1, delayMs, error);
      await sleep(delayMs, options.signal, errorMessage(error));
    }
  }
}

/** Waits `ms` milliseconds; rejects with CancelledError when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal, context = ''): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(
        new CancelledError(context === '' ? 'cancelled' : `cancelled while retrying: ${context}`),
      );
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(
        new CancelledError(context === '' ? 'cancelled' : `cancelled while retrying: ${context}`),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
