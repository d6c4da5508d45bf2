import type { ApplicationEntry, Health, JsonObject, ResourceComparison } from '../core/drift';
import { compareApplication, healthOf, keyId, objectKey } from '../core/drift';
import type { ApplicationSource, ClusterContext } from './context';
import { mapLimit } from './context';
import { ApiError, errorMessage } from './errors';
import { applyObject } from './resources';
import type { Target } from './targets';
import { listTracked, readLive, resolveTargets } from './targets';

/** One object's comparison with its live health and any error met while computing it. */
export interface ResourceReport extends ResourceComparison {
  readonly health?: Health;
  readonly error?: string;
}

export interface DiffReport {
  readonly application: string;
  readonly status: 'Synced' | 'OutOfSync';
  readonly resources: readonly ResourceReport[];
}

/**
 * Compares an Application's rendered objects with the cluster. The desired state of each
 * object is the API server's own dry-run of a forced server-side apply, so defaults, admission
 * and quantity canonicalisation come from the server, not from guesses.
 */
export async function diffApplication(
  cluster: ClusterContext,
  source: ApplicationSource,
  signal?: AbortSignal,
): Promise<DiffReport> {
  const targets = await resolveTargets(cluster, source, signal);
  const served = targets.filter((target) => target.type !== undefined);
  const live = await readLive(cluster, source.name, served, signal);
  const errors = new Map<string, string>();

  const entries = await mapLimit(targets, 8, async (target): Promise<ApplicationEntry> => {
    const current = live.get(keyId(target.key));
    const desired = await predictDesired(cluster, target, errors, signal);
    return { manifest: target.manifest, desired, live: current };
  });

  const wanted = new Set(targets.map((target) => keyId(target.key)));
  const tracked = await listTracked(cluster, source.name, signal);
  const extraneous = tracked.filter((object) => !wanted.has(keyId(objectKey(object))));
  const comparison = compareApplication(entries, extraneous, {
    ignoreDifferences: source.ignoreDifferences ?? [],
  });

  const resources = comparison.resources.map((resource) => {
    const error = errors.get(keyId(resource.key));
    const current = live.get(keyId(resource.key));
    const isExtraneous = resource.status === 'Extraneous';
    const health = isExtraneous
      ? undefined
      : healthOf(current, resource.key.group, resource.key.kind);
    return {
      ...resource,
      ...(health ? { health } : {}),
      ...(error === undefined ? {} : { error }),
    };
  });
  const synced = resources.every(
    (resource) => resource.status === 'Synced' && resource.error === undefined,
  );
  return { application: source.name, status: synced ? 'Synced' : 'OutOfSync', resources };
}

/**
 * Returns what the server would store after applying the target. Falls back to the rendered
 * manifest when the server cannot tell, e.g. because the namespace does not exist yet.
 */
async function predictDesired(
  cluster: ClusterContext,
  target: Target,
  errors: Map<string, string>,
  signal?: AbortSignal,
): Promise<JsonObject> {
  if (target.type === undefined) {
    errors.set(keyId(target.key), target.error ?? 'kind not served');
    return target.applied;
  }
  const type = target.type;
  try {
    const what = `dry-run apply ${target.key.kind} ${target.key.name}`;
    const options = { dryRun: true, force: true, ...(signal ? { signal } : {}) };
    return await cluster.call(
      what,
      () => applyObject(cluster.connection, type, target.applied, options),
      signal,
    );
  } catch (error) {
    const missingNamespace = error instanceof ApiError && error.status === 404;
    if (!missingNamespace) {
      errors.set(keyId(target.key), errorMessage(error));
    }
    return target.applied;
  }
}
