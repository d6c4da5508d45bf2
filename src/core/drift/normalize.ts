import type { JsonObject, JsonValue } from './types';
import { childObject, childString, cloneJson, isJsonObject } from './types';

/** Metadata fields that the API server writes and a manifest never sets on purpose. */
const serverMetadataFields = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** Annotations written by clients and controllers as bookkeeping. */
const bookkeepingAnnotations = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

/**
 * Returns a copy of `object` without server bookkeeping (metadata above, `status`) and without
 * values the API server drops when empty (`null`, `[]`, `{}`). A Secret's `stringData` is moved
 * into `data` as base64, as the API server stores it.
 */
export function normalizeObject(object: JsonObject): JsonObject {
  const copy = cloneJson(object);
  delete copy['status'];

  const metadata = childObject(copy, 'metadata');
  if (metadata !== undefined) {
    stripMetadata(metadata);
  }
  if (childString(copy, 'kind') === 'Secret' && childString(copy, 'apiVersion') === 'v1') {
    mergeStringData(copy);
  }

  const pruned = pruneEmpty(copy);
  return isJsonObject(pruned) ? pruned : {};
}

function stripMetadata(metadata: JsonObject): void {
  for (const field of serverMetadataFields) {
    delete metadata[field];
  }
  const annotations = childObject(metadata, 'annotations');
  if (annotations !== undefined) {
    for (const name of bookkeepingAnnotations) {
      delete annotations[name];
    }
  }
}

function mergeStringData(secret: JsonObject): void {
  const stringData = childObject(secret, 'stringData');
  if (stringData === undefined) {
    return;
  }

  const data: JsonObject = childObject(secret, 'data') ?? {};
  for (const [key, value] of Object.entries(stringData)) {
    if (typeof value === 'string') {
      data[key] = Buffer.from(value, 'utf8').toString('base64');
    }
  }
  secret['data'] = data;
  delete secret['stringData'];
}

/** Removes `null`, `[]` and `{}` recursively; returns undefined when nothing is left. */
export function pruneEmpty(value: JsonValue): JsonValue | undefined {
  if (value === null) {
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => pruneEmpty(item) ?? null);
    return items.length === 0 ? undefined : items;
  }
  if (!isJsonObject(value)) {
    return value;
  }

  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const pruned = pruneEmpty(child);
    if (pruned !== undefined) {
      result[key] = pruned;
    }
  }
  return Object.keys(result).length === 0 ? undefined : result;
}

/** Problems in a manifest that make applies fail or loop, though they are not drift. */
export function manifestWarnings(manifest: JsonObject): string[] {
  const metadata = childObject(manifest, 'metadata');
  const warnings: string[] = [];
  if (metadata === undefined) {
    return warnings;
  }

  if (metadata['resourceVersion'] !== undefined) {
    warnings.push(
      'metadata.resourceVersion is set in the manifest: the API server owns it, and a stale ' +
        'value makes updates fail with a conflict. Remove it from the manifest.',
    );
  }
  if (metadata['uid'] !== undefined) {
    warnings.push('metadata.uid is set in the manifest: the API server owns it. Remove it.');
  }
  return warnings;
}
