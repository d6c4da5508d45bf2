import type { ArgoObject } from '../../core/argo/objects';
import type { ResolvedApplication, ResolvedSource } from '../../core/argo/resolve';
import type { Environment } from '../../core/workspace/environments';

/** Nodes of the Applications view: plain data, mapped to tree items by the provider. */
export type ApplicationNode =
  | {
      readonly type: 'application';
      readonly application: ResolvedApplication;
      /** Names of the Applications above this one, outermost first; guards against cycles. */
      readonly ancestors: readonly string[];
    }
  | {
      readonly type: 'destination';
      readonly parentId: string;
      readonly application: ResolvedApplication;
    }
  | {
      readonly type: 'source';
      readonly parentId: string;
      readonly application: ResolvedApplication;
      readonly source: ResolvedSource;
    }
  | {
      readonly type: 'syncPolicy';
      readonly parentId: string;
      readonly application: ResolvedApplication;
    }
  | {
      readonly type: 'environmentLink';
      readonly parentId: string;
      readonly environment: Environment;
    }
  | { readonly type: 'group'; readonly group: 'applicationSets' | 'projects' }
  | { readonly type: 'project'; readonly project: ArgoObject }
  | { readonly type: 'message'; readonly parentId: string; readonly text: string };

/** Returns an id that stays the same across refreshes, so expansion state survives them. */
export function applicationNodeId(node: ApplicationNode): string {
  switch (node.type) {
    case 'application':
      return `application:${[...node.ancestors, applicationKey(node.application)].join('>')}`;
    case 'destination':
    case 'syncPolicy':
      return `${node.type}:${node.parentId}`;
    case 'source':
      return `source:${node.parentId}#${node.source.index ?? 'single'}`;
    case 'environmentLink':
      return `environment:${node.parentId}#${node.environment.dir}`;
    case 'group':
      return `group:${node.group}`;
    case 'project':
      return `project:${node.project.file}#${node.project.name}`;
    case 'message':
      return `message:${node.parentId}#${node.text}`;
  }
}

export function applicationKey(application: ResolvedApplication): string {
  return `${application.kind}/${application.namespace ?? ''}/${application.name}`;
}

/** Writes a sync policy in Argo CD's words: `automated (prune, self-heal)` or `manual`. */
export function describeSyncPolicy(application: ResolvedApplication): string {
  const policy = application.syncPolicy;
  if (policy === undefined || !policy.automated) {
    return 'manual';
  }
  const flags: string[] = [];
  if (policy.prune) {
    flags.push('prune');
  }
  if (policy.selfHeal) {
    flags.push('self-heal');
  }
  return flags.length === 0 ? 'automated' : `automated (${flags.join(', ')})`;
}

/** Writes a destination as `namespace on server`, or on cluster `name` without a server. */
export function describeDestination(application: ResolvedApplication): string {
  const destination = application.destination;
  if (destination === undefined) {
    return 'no destination';
  }
  const cluster = destination.server ?? destination.name ?? 'no cluster';
  const namespace = destination.namespace ?? 'no namespace';
  return `${namespace} on ${cluster}`;
}

/** Writes a source as `repo path @ revision`, with Argo CD's default revision HEAD. */
export function describeSource(source: ResolvedSource): string {
  const repository = source.repoURL ?? '(no repoURL)';
  const location = source.chart ?? source.path ?? '';
  const revision = source.targetRevision ?? 'HEAD';
  return `${repository} ${location} @ ${revision}`.replace(/\s+/g, ' ');
}
