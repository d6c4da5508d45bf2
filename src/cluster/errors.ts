/** The API server could not be reached (connection refused, reset, DNS, TLS). */
export class ClusterUnreachableError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ClusterUnreachableError';
  }
}

/** A request got no response within its timeout. */
export class ClusterTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterTimeoutError';
  }
}

/** No kubeconfig file exists where the connection options or the environment point. */
export class KubeconfigNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigNotFoundError';
  }
}

/**
 * No kubeconfig was given and none exists in the default places (`$KUBECONFIG`,
 * `~/.kube/config`, an in-cluster service account token).
 */
export class NoKubeconfigError extends Error {
  constructor(message = 'no kubeconfig found (KUBECONFIG unset, ~/.kube/config missing)') {
    super(message);
    this.name = 'NoKubeconfigError';
  }
}

/** An error status from the API server; `reason` is the reason of its Status object. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The operation was cancelled through its AbortSignal. */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/**
 * Tells whether retrying may help: the server was unreachable or slow, or returned 429 or a
 * 5xx status. Conflicts (409) and invalid objects (422) need a change first.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ClusterUnreachableError || error instanceof ClusterTimeoutError) {
    return true;
  }
  if (error instanceof ApiError) {
    return error.status === 429 || error.status >= 500;
  }
  return false;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
