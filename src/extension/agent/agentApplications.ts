import type { ResolvedApplication } from '../../core/argo/resolve';
import type { AgentApplication } from './agentTypes';
import { destinationContext } from './destination';

/** Returns the id the agent gives a workspace Application: its file and name. */
export function agentApplicationId(application: ResolvedApplication): string {
  return `${application.file}#${application.name}`;
}

/**
 * Selects the workspace Applications the agent watches on `context`: a Kustomize source in a
 * workspace folder and a destination that names this context.
 */
export function agentApplications(
  applications: readonly ResolvedApplication[],
  context: string,
  servers: Readonly<Record<string, string>>,
): AgentApplication[] {
  const selected: AgentApplication[] = [];
  for (const application of applications) {
    const source = application.sources.find(
      (candidate) => candidate.resolution.kind === 'resolved',
    );
    const resolution = source?.resolution;
    if (resolution?.kind !== 'resolved' || resolution.sourceType !== 'kustomize') {
      continue;
    }
    if (destinationContext(application.destination, context, servers) !== context) {
      continue;
    }
    selected.push(toAgentApplication(application, resolution.localPath));
  }
  return selected;
}

function toAgentApplication(application: ResolvedApplication, dir: string): AgentApplication {
  const policy = application.syncPolicy;
  const options = policy?.syncOptions ?? [];
  return {
    id: agentApplicationId(application),
    name: application.name,
    dir,
    namespace: application.destination?.namespace,
    automated: policy?.automated === true,
    selfHeal: policy?.automated === true && policy.selfHeal,
    prune: policy?.automated === true && policy.prune,
    createNamespace: options.includes('CreateNamespace=true'),
    ignoreDifferences: application.ignoreDifferences,
  };
}
