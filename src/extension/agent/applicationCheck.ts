import * as crypto from 'node:crypto';
import type { ClusterContext, DiffReport, SyncResult } from '../../cluster';
import { diffApplication, syncApplication } from '../../cluster';
import type { HealthStatus, JsonObject } from '../../core/drift';
import type { AgentApplication } from './agentTypes';

/** Renders an Application's source folder into objects; rejects when the build fails. */
export type RenderObjects = (dir: string, signal: AbortSignal) => Promise<JsonObject[]>;

/** Permissions of the agent for an Application on this cluster. */
export interface ApplyPolicy {
  /** Undefined when the agent may apply; otherwise the reason it only reads. */
  readonly readOnlyReason: string | undefined;
  readonly allowForeignObjects: boolean;
}

/** The outcome of one check: the diff after any self-heal, and the sync it ran. */
export interface CheckOutcome {
  readonly manifests: JsonObject[];
  readonly report: DiffReport;
  readonly sync: SyncResult | undefined;
  /** Hash of the manifests the sync applied, or the previous one when nothing was applied. */
  readonly appliedHash: string | undefined;
}

/**
 * Renders and diffs one Application, then syncs it when its policy requires: with `automated`,
 * when the render changed since the last sync, and with `selfHeal` also when the cluster
 * drifted. Prunes only with `automated.prune` and only when the diff had no errors.
 */
export async function checkApplication(
  cluster: ClusterContext,
  render: RenderObjects,
  application: AgentApplication,
  policy: ApplyPolicy,
  appliedHash: string | undefined,
  signal: AbortSignal,
): Promise<CheckOutcome> {
  const manifests = await render(application.dir, signal);
  const source = sourceOf(application, manifests);
  const report = await diffApplication(cluster, source, signal);
  const hash = hashManifests(manifests);

  if (!shouldSync(application, policy, report, hash, appliedHash)) {
    return { manifests, report, sync: undefined, appliedHash };
  }
  const errors = report.resources.some((resource) => resource.error !== undefined);
  const sync = await syncApplication(cluster, source, {
    prune: application.prune && !errors,
    createNamespace: application.createNamespace,
    applyOutOfSyncOnly: true,
    // A self-heal undoes edits made with kubectl, whose field manager then owns the fields.
    force: true,
    allowForeignTracked: policy.allowForeignObjects,
    signal,
  });
  const after = await diffApplication(cluster, source, signal);
  const applied = sync.phase === 'Succeeded' ? hash : appliedHash;
  return { manifests, report: after, sync, appliedHash: applied };
}

function shouldSync(
  application: AgentApplication,
  policy: ApplyPolicy,
  report: DiffReport,
  hash: string,
  appliedHash: string | undefined,
): boolean {
  if (policy.readOnlyReason !== undefined || !application.automated || report.status === 'Synced') {
    return false;
  }
  return application.selfHeal || hash !== appliedHash;
}

/** Builds the diff and sync input from an Application and its rendered objects. */
export function sourceOf(application: AgentApplication, manifests: readonly JsonObject[]) {
  return {
    name: application.name,
    manifests,
    ...(application.namespace === undefined ? {} : { namespace: application.namespace }),
    ...(application.ignoreDifferences === undefined
      ? {}
      : { ignoreDifferences: application.ignoreDifferences }),
  };
}

function hashManifests(manifests: readonly JsonObject[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(manifests)).digest('hex');
}

/** Health from best to worst; Unknown ranks last so an unreadable object is never hidden. */
const healthOrder: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

/** Returns the worst health among an Application's objects; Healthy when it has none. */
export function applicationHealth(report: DiffReport | undefined): HealthStatus {
  if (report === undefined) {
    return 'Unknown';
  }
  let worst: HealthStatus = 'Healthy';
  for (const resource of report.resources) {
    const status = resource.status === 'Missing' ? 'Missing' : resource.health?.status;
    if (status !== undefined && healthOrder.indexOf(status) > healthOrder.indexOf(worst)) {
      worst = status;
    }
  }
  return worst;
}
