import type { JsonObject, JsonValue } from '../drift/types';
import { childObject, childString, isJsonObject } from '../drift/types';

/** Phase of an Argo CD operation, as `status.operationState.phase` reports it. */
export type OperationPhase = 'Running' | 'Terminating' | 'Failed' | 'Error' | 'Succeeded';

/** Phases after which the Application controller does no more work on the operation. */
export const finalPhases: readonly string[] = ['Failed', 'Error', 'Succeeded'];

/** Source of an Application as the cluster stores it. */
export interface LiveSource {
  readonly repoURL: string | undefined;
  readonly path: string | undefined;
  readonly targetRevision: string | undefined;
  readonly chart: string | undefined;
}

/** One object the last operation created, changed, pruned or ran as a hook. */
export interface OperationResource {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `Synced`, `SyncFailed`, `Pruned`, `PruneSkipped` and so on. */
  readonly status: string;
  readonly message: string;
  readonly hookPhase: string | undefined;
}

export interface OperationState {
  readonly phase: string;
  readonly message: string;
  /** RFC 3339 timestamps written by the Application controller. */
  readonly startedAt: string | undefined;
  readonly finishedAt: string | undefined;
  /** Revision the operation synced to; several for a multi-source Application. */
  readonly revisions: readonly string[];
  readonly resources: readonly OperationResource[];
  readonly dryRun: boolean;
  readonly initiatedBy: string | undefined;
}

export interface ApplicationCondition {
  /** E.g. `ComparisonError`, `SyncError`, `OrphanedResourceWarning`. */
  readonly type: string;
  readonly message: string;
  readonly lastTransitionTime: string | undefined;
}

/** One entry of `status.resources`: an object Argo CD manages for the Application. */
export interface ManagedResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly status: string | undefined;
  readonly health: string | undefined;
  readonly requiresPruning: boolean;
}

/** An Argo CD Application object read from the cluster: its identity, spec summary and status. */
export interface LiveApplication {
  readonly name: string;
  readonly namespace: string;
  readonly resourceVersion: string;
  readonly project: string;
  readonly sources: readonly LiveSource[];
  readonly destination: {
    readonly server?: string;
    readonly name?: string;
    readonly namespace?: string;
  };
  readonly automated: boolean;
  /** `Synced`, `OutOfSync` or `Unknown`; `Unknown` also when the controller wrote no status yet. */
  readonly syncStatus: string;
  /** Revisions the live state was compared with; several for a multi-source Application. */
  readonly syncRevisions: readonly string[];
  /** `Healthy`, `Progressing`, `Degraded`, `Suspended`, `Missing` or `Unknown`. */
  readonly health: string;
  readonly healthMessage: string;
  readonly operationState: OperationState | undefined;
  /** True while `operation` is set: a sync was requested and the controller has not taken it yet. */
  readonly operationPending: boolean;
  readonly conditions: readonly ApplicationCondition[];
  readonly resources: readonly ManagedResource[];
  /** Value of the `argocd.argoproj.io/refresh` annotation while a refresh waits for the controller. */
  readonly refreshRequested: string | undefined;
  readonly reconciledAt: string | undefined;
  /** Namespace of the Argo CD control plane, where the AppProject lives; the Application's own when unset. */
  readonly controllerNamespace: string;
}

export const refreshAnnotation = 'argocd.argoproj.io/refresh';

/** Returns `namespace/name`, the key of an Application across namespaces. */
export function applicationKey(application: { name: string; namespace: string }): string {
  return `${application.namespace}/${application.name}`;
}

/** Reads an Application object as the API server returns it. */
export function readLiveApplication(object: JsonObject): LiveApplication {
  const metadata = childObject(object, 'metadata');
  const spec = childObject(object, 'spec');
  const status = childObject(object, 'status');
  const sync = childObject(status, 'sync');
  const health = childObject(status, 'health');
  const annotations = childObject(metadata, 'annotations');

  return {
    name: childString(metadata, 'name') ?? '',
    namespace: childString(metadata, 'namespace') ?? '',
    resourceVersion: childString(metadata, 'resourceVersion') ?? '',
    project: childString(spec, 'project') ?? 'default',
    sources: readSources(spec),
    destination: readDestination(childObject(spec, 'destination')),
    automated: isJsonObject(childObject(spec, 'syncPolicy')?.['automated']),
    syncStatus: childString(sync, 'status') ?? 'Unknown',
    syncRevisions: readRevisions(sync),
    health: childString(health, 'status') ?? 'Unknown',
    healthMessage: childString(health, 'message') ?? '',
    operationState: readOperationState(childObject(status, 'operationState')),
    operationPending: isJsonObject(object['operation']),
    conditions: objectList(status?.['conditions']).map(readCondition),
    resources: objectList(status?.['resources']).map(readManagedResource),
    refreshRequested: childString(annotations, refreshAnnotation),
    reconciledAt: childString(status, 'reconciledAt'),
    controllerNamespace:
      childString(status, 'controllerNamespace') ?? childString(metadata, 'namespace') ?? '',
  };
}

function readSources(spec: JsonObject | undefined): LiveSource[] {
  const single = childObject(spec, 'source');
  const list = single === undefined ? objectList(spec?.['sources']) : [single];
  return list.map((source) => ({
    repoURL: childString(source, 'repoURL'),
    path: childString(source, 'path'),
    targetRevision: childString(source, 'targetRevision'),
    chart: childString(source, 'chart'),
  }));
}

function readDestination(destination: JsonObject | undefined): LiveApplication['destination'] {
  const result: { server?: string; name?: string; namespace?: string } = {};
  for (const field of ['server', 'name', 'namespace'] as const) {
    const value = childString(destination, field);
    if (value !== undefined) {
      result[field] = value;
    }
  }
  return result;
}

/** Reads `revision` or, for a multi-source Application, `revisions`. */
function readRevisions(holder: JsonObject | undefined): string[] {
  const single = childString(holder, 'revision');
  if (single !== undefined && single !== '') {
    return [single];
  }
  const list = holder?.['revisions'];
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

function readOperationState(state: JsonObject | undefined): OperationState | undefined {
  if (state === undefined) {
    return undefined;
  }
  const syncResult = childObject(state, 'syncResult');
  const operation = childObject(state, 'operation');
  return {
    phase: childString(state, 'phase') ?? 'Running',
    message: childString(state, 'message') ?? '',
    startedAt: childString(state, 'startedAt'),
    finishedAt: childString(state, 'finishedAt'),
    revisions: readRevisions(syncResult),
    resources: objectList(syncResult?.['resources']).map(readOperationResource),
    dryRun: childObject(operation, 'sync')?.['dryRun'] === true,
    initiatedBy: childString(childObject(operation, 'initiatedBy'), 'username'),
  };
}

function readOperationResource(resource: JsonObject): OperationResource {
  return {
    group: childString(resource, 'group') ?? '',
    kind: childString(resource, 'kind') ?? '',
    namespace: childString(resource, 'namespace') ?? '',
    name: childString(resource, 'name') ?? '',
    status: childString(resource, 'status') ?? '',
    message: childString(resource, 'message') ?? '',
    hookPhase: childString(resource, 'hookPhase'),
  };
}

function readCondition(condition: JsonObject): ApplicationCondition {
  return {
    type: childString(condition, 'type') ?? '',
    message: childString(condition, 'message') ?? '',
    lastTransitionTime: childString(condition, 'lastTransitionTime'),
  };
}

function readManagedResource(resource: JsonObject): ManagedResource {
  return {
    group: childString(resource, 'group') ?? '',
    version: childString(resource, 'version') ?? '',
    kind: childString(resource, 'kind') ?? '',
    namespace: childString(resource, 'namespace') ?? '',
    name: childString(resource, 'name') ?? '',
    status: childString(resource, 'status'),
    health: childString(childObject(resource, 'health'), 'status'),
    requiresPruning: resource['requiresPruning'] === true,
  };
}

function objectList(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}
