import type { JsonObject, ObjectKey } from '../core/drift';
import {
  childObject,
  childString,
  cloneJson,
  describeKey,
  keyId,
  objectKey,
  trackingLabel,
  withTrackingLabel,
} from '../core/drift';
import type { ApplicationSource, ClusterContext } from './context';
import { mapLimit } from './context';
import type { ResourceType } from './discovery';
import { ApiError, errorMessage } from './errors';
import { getObject, listObjects } from './resources';

/** One rendered object, ready to send: namespace filled in, tracking label set. */
export interface Target {
  readonly key: ObjectKey;
  /** The rendered manifest with the namespace filled in. */
  readonly manifest: JsonObject;
  /** `manifest` with the tracking label, as it is applied. */
  readonly applied: JsonObject;
  /** Undefined when the server does not serve the kind (for example, its CRD is missing). */
  readonly type: ResourceType | undefined;
  readonly error?: string;
}

/** Resolves every manifest's resource type and fills in the namespace of namespaced objects. */
export async function resolveTargets(
  cluster: ClusterContext,
  source: ApplicationSource,
  signal?: AbortSignal,
): Promise<Target[]> {
  return mapLimit(source.manifests, 8, async (manifest) => {
    const apiVersion = childString(manifest, 'apiVersion') ?? '';
    const kind = childString(manifest, 'kind') ?? '';
    // Discovery retries each group version once for all kinds in it, so no retry here.
    const type = await cluster.discovery
      .resourceFor(apiVersion, kind, signal)
      .catch((error: unknown) => {
        throw new Error(describeFailure(source.name, objectKey(manifest), error), { cause: error });
      });
    return makeTarget(source, manifest, type);
  });
}

function makeTarget(
  source: ApplicationSource,
  manifest: JsonObject,
  type: ResourceType | undefined,
): Target {
  const copy = cloneJson(manifest);
  const metadata = childObject(copy, 'metadata') ?? {};
  copy['metadata'] = metadata;
  if (type?.namespaced === true && childString(metadata, 'namespace') === undefined) {
    metadata['namespace'] = source.namespace ?? 'default';
  }
  if (type?.namespaced === false) {
    delete metadata['namespace'];
  }

  const key = objectKey(copy);
  const applied = withTrackingLabel(copy, source.name);
  // The server owns these. A stale resourceVersion in Git would make every apply fail with 409
  // Conflict, so it is dropped here and reported as a manifest warning by the comparison.
  const appliedMetadata = childObject(applied, 'metadata') ?? {};
  delete appliedMetadata['resourceVersion'];
  delete appliedMetadata['uid'];
  if (type === undefined) {
    const apiVersion = childString(manifest, 'apiVersion') ?? '?';
    const error = `${describeKey(key)}: the cluster does not serve ${key.kind} in ${apiVersion}; install its CRD first`;
    return { key, manifest: copy, applied, type, error };
  }
  return { key, manifest: copy, applied, type };
}

/**
 * Reads the live object of every target. Targets that share a type and namespace with three or
 * more others are read with one LIST instead of one GET each.
 */
export async function readLive(
  cluster: ClusterContext,
  application: string,
  targets: readonly Target[],
  signal?: AbortSignal,
): Promise<Map<string, JsonObject | undefined>> {
  const live = new Map<string, JsonObject | undefined>();
  const groups = groupByCollection(targets);

  const singles: Target[] = [];
  const collections: Target[][] = [];
  for (const group of groups.values()) {
    if (group.length >= 4) {
      collections.push(group);
    } else {
      singles.push(...group);
    }
  }

  await mapLimit(collections, 4, async (group) => {
    const first = group[0] as Target;
    const type = first.type as ResourceType;
    const what = `list ${type.resource} in ${first.key.namespace || 'the cluster'}`;
    const list = () =>
      listObjects(cluster.connection, type, first.key.namespace, undefined, signal);
    const items = await cluster.call(what, list, signal).catch((error: unknown) => {
      throw new Error(describeFailure(application, first.key, error), { cause: error });
    });
    const byName = new Map(
      items.map((item) => [childString(childObject(item, 'metadata'), 'name'), item]),
    );
    for (const target of group) {
      live.set(keyId(target.key), byName.get(target.key.name));
    }
  });
  await mapLimit(singles, 8, async (target) => {
    const type = target.type as ResourceType;
    const get = () => getObject(cluster.connection, type, target.key, signal);
    const object = await cluster
      .call(`get ${describeKey(target.key)}`, get, signal)
      .catch((error: unknown) => {
        throw new Error(describeFailure(application, target.key, error), { cause: error });
      });
    live.set(keyId(target.key), object);
  });
  return live;
}

function groupByCollection(targets: readonly Target[]): Map<string, Target[]> {
  const groups = new Map<string, Target[]>();
  for (const target of targets) {
    if (target.type === undefined) {
      continue;
    }
    const id = `${target.type.group}/${target.type.resource}/${target.key.namespace}`;
    const group = groups.get(id) ?? [];
    group.push(target);
    groups.set(id, group);
  }
  return groups;
}

/**
 * Lists live objects that carry the Application's tracking label, across every listable type.
 * Types the user may not list (403) are skipped with a log line, so pruning stays partial there.
 */
export async function listTracked(
  cluster: ClusterContext,
  application: string,
  signal?: AbortSignal,
): Promise<JsonObject[]> {
  const types = await cluster.discovery.prunableTypes(signal);
  const selector = `${trackingLabel}=${application}`;
  const lists = await mapLimit(types, 8, async (type) => {
    const what = `list ${type.resource}.${type.group} labelled ${selector}`;
    try {
      return await cluster.call(
        what,
        () => listObjects(cluster.connection, type, '', selector, signal),
        signal,
      );
    } catch (error) {
      if (!(error instanceof ApiError) || ![403, 404, 405].includes(error.status)) {
        throw error;
      }
      cluster.log(`${what} skipped: ${error.message}`);
      return [];
    }
  });
  return lists.flat();
}

/** Prefixes a failure with the Application and the object it concerns. */
export function describeFailure(application: string, key: ObjectKey, error: unknown): string {
  return `Application "${application}": ${describeKey(key)}: ${errorMessage(error)}`;
}
