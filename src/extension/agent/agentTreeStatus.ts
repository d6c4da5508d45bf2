import type { ResolvedApplication } from '../../core/argo/resolve';
import type { ArgoCdMode } from '../argocd/registerArgoCdMode';
import type { TreeStatus, TreeStatusProvider } from '../trees/treeStatus';
import type { AgentService } from './agentService';
import type { ApplicationState } from './agentTypes';

/** Statuses of the sync agent for the views: per Application, environment and object. */
export function agentTreeStatus(service: AgentService): TreeStatusProvider {
  return {
    applicationStatus: (application) => describeState(service.stateOf(application), service.paused),
    environmentStatus: (dir) => {
      const state = service.states().find((candidate) => candidate.application.dir === dir);
      return describeState(state, service.paused);
    },
    resourceStatus: (dir, kind, name) => resourceStatus(service, dir, kind, name),
    onDidChange: service.onDidChange,
  };
}

/** Argo CD mode's statuses for the Applications it manages. */
export function argoCdTreeStatus(argoCd: ArgoCdMode): TreeStatusProvider {
  const applicationStatus = (application: ResolvedApplication): TreeStatus | undefined => {
    const status = argoCd.statusFor(application);
    if (status === undefined) {
      return undefined;
    }
    const description = `Argo CD: ${status.description}`;
    return { description, tooltip: status.tooltip, severity: status.severity };
  };
  return {
    applicationStatus,
    environmentStatus: () => undefined,
    resourceStatus: () => undefined,
    onDidChange: argoCd.onDidChange,
  };
}

function describeState(
  state: ApplicationState | undefined,
  paused: boolean,
): TreeStatus | undefined {
  if (state === undefined) {
    return undefined;
  }
  const pausedText = paused ? ' · paused' : '';
  const lines = [`Cluster: ${state.status}, health ${state.health}${pausedText}`];
  if (state.error !== undefined) {
    lines.push(`Last check failed (attempt ${state.failures}): ${state.error}`);
  }
  if (state.readOnlyReason !== undefined) {
    lines.push(`Read-only: ${state.readOnlyReason}`);
  }
  if (state.lastSync !== undefined) {
    lines.push(`Last sync: ${state.lastSync.phase}`);
  }
  return {
    description: `${state.status} · ${state.health}${pausedText}`,
    tooltip: lines.join('\n'),
    severity: severityOf(state),
  };
}

function severityOf(state: ApplicationState): TreeStatus['severity'] {
  if (state.error !== undefined || state.health === 'Degraded') {
    return 'error';
  }
  if (state.status === 'Unknown') {
    return 'unknown';
  }
  if (state.health === 'Progressing') {
    return 'progressing';
  }
  return state.status === 'Synced' ? 'ok' : 'outOfSync';
}

function resourceStatus(
  service: AgentService,
  dir: string,
  kind: string,
  name: string,
): TreeStatus | undefined {
  const state = service.states().find((candidate) => candidate.application.dir === dir);
  const resource = state?.report?.resources.find((candidate) => {
    return candidate.key.kind === kind && candidate.key.name === name;
  });
  if (resource === undefined) {
    return undefined;
  }
  const health = resource.health?.status ?? 'Unknown';
  const lines = [`Cluster: ${resource.status}, health ${health}`];
  lines.push(
    ...resource.differences.slice(0, 10).map((difference) => `Differs: ${difference.path}`),
  );
  if (resource.error !== undefined) {
    lines.push(`Error: ${resource.error}`);
  }
  let severity: TreeStatus['severity'] = resource.status === 'Synced' ? 'ok' : 'outOfSync';
  if (resource.error !== undefined) {
    severity = 'error';
  }
  return { description: `${resource.status} · ${health}`, tooltip: lines.join('\n'), severity };
}
