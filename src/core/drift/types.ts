/** A JSON value as the Kubernetes API sends it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

/** Identity of one object: the version is left out because one object is served in several. */
export interface ObjectKey {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

/** One leaf that differs. An absent side means the field is missing there. */
export interface Difference {
  /** JSON pointer (RFC 6901) into the object, for example `/spec/replicas`. */
  readonly path: string;
  readonly live?: JsonValue;
  readonly desired?: JsonValue;
}

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extraneous';

/** Result of comparing one desired object with its live counterpart. */
export interface ResourceComparison {
  readonly key: ObjectKey;
  readonly status: SyncStatus;
  readonly differences: readonly Difference[];
  /** Differences left out on purpose, with the reason, e.g. replicas owned by an autoscaler. */
  readonly notes: readonly string[];
  /** Problems in the manifest itself that do not count as drift. */
  readonly warnings: readonly string[];
}

/** One entry of an Argo CD Application's `spec.ignoreDifferences`. */
export interface IgnoreDifference {
  readonly group?: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly jsonPointers?: readonly string[];
  readonly jqPathExpressions?: readonly string[];
  readonly managedFieldsManagers?: readonly string[];
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function childObject(value: JsonValue | undefined, key: string): JsonObject | undefined {
  if (!isJsonObject(value)) {
    return undefined;
  }
  const child = value[key];
  return isJsonObject(child) ? child : undefined;
}

export function childString(value: JsonValue | undefined, key: string): string | undefined {
  if (!isJsonObject(value)) {
    return undefined;
  }
  const child = value[key];
  return typeof child === 'string' ? child : undefined;
}

export function childNumber(value: JsonValue | undefined, key: string): number | undefined {
  if (!isJsonObject(value)) {
    return undefined;
  }
  const child = value[key];
  return typeof child === 'number' ? child : undefined;
}

/** Reads group, version, kind, namespace and name; the namespace is empty when the object has none. */
export function objectKey(object: JsonObject): ObjectKey {
  const apiVersion = childString(object, 'apiVersion') ?? '';
  const slash = apiVersion.indexOf('/');
  const metadata = childObject(object, 'metadata');
  return {
    group: slash === -1 ? '' : apiVersion.slice(0, slash),
    version: slash === -1 ? apiVersion : apiVersion.slice(slash + 1),
    kind: childString(object, 'kind') ?? '',
    namespace: childString(metadata, 'namespace') ?? '',
    name: childString(metadata, 'name') ?? '',
  };
}

/** A string that is equal for two keys exactly when they name the same object. */
export function keyId(key: ObjectKey): string {
  return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

/** Formats a key the way kubectl names objects: `Deployment shop/checkout`. */
export function describeKey(key: ObjectKey): string {
  const kind = key.group === '' ? key.kind : `${key.kind}.${key.group}`;
  const name = key.namespace === '' ? key.name : `${key.namespace}/${key.name}`;
  return `${kind} ${name}`;
}

export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}
