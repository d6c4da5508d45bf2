export { ClusterConnection } from './connection';
export type { ConnectionOptions, ApiRequest, RequestCounts } from './connection';
export { ClusterContext, mapLimit } from './context';
export type { ApplicationSource, ClusterLog } from './context';
export { Discovery } from './discovery';
export type { ResourceType } from './discovery';
export { diffApplication } from './diff';
export type { DiffReport, ResourceReport } from './diff';
export { syncApplication } from './sync';
export type { SyncOptions, SyncResult, SyncedResource, SyncAction } from './sync';
export { withRetry, defaultRetry, sleep } from './retry';
export type { RetryOptions } from './retry';
export {
  fieldManager,
  applyObject,
  getObject,
  listObjects,
  deleteObject,
  objectPath,
} from './resources';
export * from './errors';
