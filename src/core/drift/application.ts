import { compareResource } from './compare';
import type {
  IgnoreDifference,
  JsonObject,
  ObjectKey,
  ResourceComparison,
  SyncStatus,
} from './types';
import { childObject, childString, describeKey, keyId, objectKey } from './types';

/** One object of an Application: what Git renders, what the server would store, what is live. */
export interface ApplicationEntry {
  /** The rendered manifest. */
  readonly manifest: JsonObject;
  /** The API server's dry-run apply of the manifest; the manifest itself when unavailable. */
  readonly desired: JsonObject;
  readonly live: JsonObject | undefined;
}

export interface ApplicationComparison {
  readonly status: 'Synced' | 'OutOfSync';
  readonly resources: readonly ResourceComparison[];
}

export interface ApplicationCompareOptions {
  readonly ignoreDifferences?: readonly IgnoreDifference[];
  readonly quantityPaths?: readonly (readonly string[])[];
}

/**
 * Compares every object of an Application. Live objects that carry the Application's tracking
 * label but are no longer rendered come in as `extraneous`. `spec.replicas` of a workload that
 * a rendered HorizontalPodAutoscaler scales is left out, because the autoscaler owns it.
 */
export function compareApplication(
  entries: readonly ApplicationEntry[],
  extraneous: readonly JsonObject[],
  options: ApplicationCompareOptions = {},
): ApplicationComparison {
  const autoscaled = autoscaledTargets(entries.map((entry) => entry.manifest));
  const resources: ResourceComparison[] = entries.map((entry) => {
    const scaler = autoscaled.get(keyId(objectKey(entry.manifest)));
    return compareResource(entry.desired, entry.live, {
      manifest: entry.manifest,
      ignoreDifferences: options.ignoreDifferences ?? [],
      quantityPaths: options.quantityPaths ?? [],
      ignoredPatterns: scaler === undefined ? [] : [['spec', 'replicas']],
      notes: scaler === undefined ? [] : [`spec.replicas is managed by ${scaler}`],
    });
  });

  for (const object of extraneous) {
    resources.push(extraneousComparison(objectKey(object)));
  }
  const synced = resources.every((resource) => resource.status === 'Synced');
  return { status: synced ? 'Synced' : 'OutOfSync', resources };
}

function extraneousComparison(key: ObjectKey): ResourceComparison {
  const status: SyncStatus = 'Extraneous';
  return { key, status, differences: [], notes: [], warnings: [] };
}

/** Maps the key id of each HPA's scale target to a description of the HPA. */
export function autoscaledTargets(manifests: readonly JsonObject[]): Map<string, string> {
  const targets = new Map<string, string>();
  for (const manifest of manifests) {
    const key = objectKey(manifest);
    if (key.kind !== 'HorizontalPodAutoscaler') {
      continue;
    }
    const target = childObject(childObject(manifest, 'spec'), 'scaleTargetRef');
    const apiVersion = childString(target, 'apiVersion') ?? '';
    const slash = apiVersion.indexOf('/');
    const targetKey: ObjectKey = {
      group: slash === -1 ? '' : apiVersion.slice(0, slash),
      version: slash === -1 ? apiVersion : apiVersion.slice(slash + 1),
      kind: childString(target, 'kind') ?? '',
      namespace: key.namespace,
      name: childString(target, 'name') ?? '',
    };
    targets.set(keyId(targetKey), describeKey(key));
  }
  return targets;
}
