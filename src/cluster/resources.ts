import type { JsonObject, JsonValue, ObjectKey } from '../core/drift';
import { childObject, isJsonObject } from '../core/drift';
import type { ClusterConnection } from './connection';
import type { ResourceType } from './discovery';
import { isNotFound } from './errors';

/** Field manager name of every write this project makes with server-side apply. */
export const fieldManager = 'gitops-workbench';

export interface ApplyOptions {
  readonly dryRun?: boolean;
  /** Take over fields that other managers own instead of failing with 409 Conflict. */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
}

/** URL path of an object, or of its collection when `name` is empty. */
export function objectPath(type: ResourceType, namespace: string, name: string): string {
  const prefix = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scope = type.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const suffix = name === '' ? '' : `/${encodeURIComponent(name)}`;
  return `${prefix}${scope}/${type.resource}${suffix}`;
}

/** Reads one object; returns undefined when it does not exist. */
export async function getObject(
  connection: ClusterConnection,
  type: ResourceType,
  key: ObjectKey,
  signal?: AbortSignal,
): Promise<JsonObject | undefined> {
  try {
    const body = await connection.request({
      method: 'GET',
      path: objectPath(type, key.namespace, key.name),
      ...(signal ? { signal } : {}),
    });
    return isJsonObject(body) ? body : undefined;
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Lists the objects of one type, in one namespace or everywhere (`namespace` empty). */
export async function listObjects(
  connection: ClusterConnection,
  type: ResourceType,
  namespace: string,
  labelSelector: string | undefined,
  signal?: AbortSignal,
): Promise<JsonObject[]> {
  const scoped: ResourceType = namespace === '' ? { ...type, namespaced: false } : type;
  const body = await connection.request({
    method: 'GET',
    path: objectPath(scoped, namespace, ''),
    query: { labelSelector },
    ...(signal ? { signal } : {}),
  });
  const items = isJsonObject(body) ? body['items'] : undefined;
  if (!Array.isArray(items)) {
    return [];
  }
  // List items come without apiVersion and kind; the comparison and the reports need them.
  const apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
  return items.filter(isJsonObject).map((item) => ({ apiVersion, kind: type.kind, ...item }));
}

/** Applies `manifest` with server-side apply and returns the object as the server stores it. */
export async function applyObject(
  connection: ClusterConnection,
  type: ResourceType,
  manifest: JsonObject,
  options: ApplyOptions = {},
): Promise<JsonObject> {
  const metadata = childObject(manifest, 'metadata') ?? {};
  const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
  const name = typeof metadata['name'] === 'string' ? metadata['name'] : '';
  const body = await connection.request({
    method: 'PATCH',
    path: objectPath(type, namespace, name),
    // JSON is valid YAML, so the apply patch content type accepts it as is.
    contentType: 'application/apply-patch+yaml',
    body: manifest as JsonValue,
    query: {
      fieldManager,
      force: options.force === true ? 'true' : undefined,
      dryRun: options.dryRun === true ? 'All' : undefined,
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!isJsonObject(body)) {
    throw new Error(`apply of ${type.kind} ${namespace}/${name} returned no object`);
  }
  return body;
}

/** Deletes one object in the background (dependents are collected later); absent is fine. */
export async function deleteObject(
  connection: ClusterConnection,
  type: ResourceType,
  key: ObjectKey,
  options: { readonly dryRun?: boolean; readonly signal?: AbortSignal } = {},
): Promise<void> {
  try {
    await connection.request({
      method: 'DELETE',
      path: objectPath(type, key.namespace, key.name),
      query: {
        propagationPolicy: 'Background',
        dryRun: options.dryRun === true ? 'All' : undefined,
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
  }
}
