import { errorMessage, NoKubeconfigError } from '../../cluster';

/** The reason the agent has no connection, as its status bar item and log show it. */
export interface ConnectionFailure {
  readonly message: string;
  /** False for the expected case of a machine without any kubeconfig: logged at info level. */
  readonly isError: boolean;
}

/** Describes why opening the agent's cluster connection failed. */
export function describeConnectionFailure(error: unknown): ConnectionFailure {
  if (error instanceof NoKubeconfigError) {
    const checked = 'KUBECONFIG unset, ~/.kube/config missing, gitops.cluster.kubeconfig empty';
    return { message: `No kubeconfig found (${checked}); drift and sync are off`, isError: false };
  }
  const reason = errorMessage(error);
  const message = `connecting to the cluster failed: ${reason}; drift and sync are off until the settings change`;
  return { message, isError: true };
}
