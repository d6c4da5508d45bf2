import { isJsonObject } from '../../core/drift/types';
import type { ClusterConnection } from '../connection';
import { ApiError } from '../errors';
import { groupVersionPath } from './paths';

/**
 * Tells whether the API server serves `applications.argoproj.io`, which is the case once Argo
 * CD's CustomResourceDefinitions are installed, whether or not its controller runs.
 */
export async function argoCdServed(
  connection: ClusterConnection,
  signal?: AbortSignal,
): Promise<boolean> {
  let body;
  try {
    body = await connection.request({
      method: 'GET',
      path: groupVersionPath(),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return false;
    }
    throw error;
  }
  const resources = isJsonObject(body) && Array.isArray(body['resources']) ? body['resources'] : [];
  return resources.some(
    (resource) => isJsonObject(resource) && resource['name'] === 'applications',
  );
}
