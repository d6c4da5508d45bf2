import type { LiveApplication } from './application';
import type { RevisionRelation } from './revision';
import { describeRelation } from './revision';

/** Argo CD status of a workspace Application, as the Applications view shows it. */
export interface ArgoCdStatus {
  readonly live: LiveApplication;
  readonly relation: RevisionRelation | undefined;
  /** Short text beside the name: `Synced · Healthy · 2 commits behind`. */
  readonly description: string;
  /** Several lines: sync, health, revision, operation, conditions. */
  readonly tooltip: string;
  /** `ok`, `progressing`, `outOfSync` or `error`, for the icon. */
  readonly severity: 'ok' | 'progressing' | 'outOfSync' | 'error';
}

export function summarize(
  live: LiveApplication,
  relation: RevisionRelation | undefined,
): ArgoCdStatus {
  const revision = live.syncRevisions[0]?.slice(0, 7);
  const parts = [live.syncStatus, live.health];
  if (relation !== undefined && relation.kind !== 'current' && relation.kind !== 'unknown') {
    parts.push(describeRelation(relation).replace(' the workspace', ''));
  }
  const phase = live.operationState?.phase;
  if (live.operationPending || phase === 'Running' || phase === 'Terminating') {
    parts.push(live.operationPending ? 'sync requested' : `sync ${phase?.toLowerCase() ?? ''}`);
  }

  return {
    live,
    relation,
    description: parts.join(' · '),
    tooltip: tooltipLines(live, revision, relation).join('\n'),
    severity: severityOf(live),
  };
}

function tooltipLines(
  live: LiveApplication,
  revision: string | undefined,
  relation: RevisionRelation | undefined,
): string[] {
  const lines = [
    `Argo CD Application ${live.namespace}/${live.name} (project ${live.project})`,
    `Sync: ${live.syncStatus}${revision === undefined ? '' : ` at ${revision}`}`,
    `Health: ${live.health}${live.healthMessage === '' ? '' : ` (${live.healthMessage})`}`,
  ];
  if (relation !== undefined) {
    lines.push(`Revision: ${describeRelation(relation)}`);
  }
  const operation = live.operationState;
  if (operation !== undefined) {
    const finished = operation.finishedAt === undefined ? '' : `, finished ${operation.finishedAt}`;
    const message = operation.message === '' ? '' : `: ${operation.message}`;
    lines.push(
      `Last operation: ${operation.phase}${message} (started ${operation.startedAt ?? 'unknown'}${finished})`,
    );
  }
  for (const condition of live.conditions) {
    lines.push(`${condition.type}: ${condition.message}`);
  }
  const outOfSync = live.resources.filter((resource) => resource.status === 'OutOfSync').length;
  lines.push(`Resources: ${live.resources.length} managed, ${outOfSync} out of sync`);
  return lines;
}

function severityOf(live: LiveApplication): ArgoCdStatus['severity'] {
  const phase = live.operationState?.phase;
  const errorCondition = live.conditions.some((condition) => condition.type.endsWith('Error'));
  if (live.health === 'Degraded' || errorCondition || phase === 'Failed' || phase === 'Error') {
    return 'error';
  }
  if (live.operationPending || phase === 'Running' || live.health === 'Progressing') {
    return 'progressing';
  }
  return live.syncStatus === 'Synced' ? 'ok' : 'outOfSync';
}
