/** Argo CD's address of the cluster it runs in; here it means the configured context. */
export const inClusterServer = 'https://kubernetes.default.svc';

/** Argo CD's name of the cluster it runs in. */
export const inClusterName = 'in-cluster';

/** The parts of an Application destination that name a cluster. */
export interface ClusterDestination {
  readonly server: string | undefined;
  readonly name: string | undefined;
}

/**
 * Returns the kubeconfig context an Application's destination names: the configured context
 * for the in-cluster server, else the entry of `servers` (from `gitops.cluster.servers`) for
 * the server URL or cluster name. Returns undefined when no context is known.
 */
export function destinationContext(
  destination: ClusterDestination | undefined,
  configuredContext: string,
  servers: Readonly<Record<string, string>>,
): string | undefined {
  if (destination === undefined) {
    return undefined;
  }
  const server = destination.server?.replace(/\/+$/, '');
  if (server === inClusterServer || destination.name === inClusterName) {
    return configuredContext;
  }
  const byServer = server === undefined ? undefined : servers[server];
  const byName = destination.name === undefined ? undefined : servers[destination.name];
  return byServer ?? byName;
}
