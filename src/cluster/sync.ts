import type { JsonObject, ObjectKey } from '../core/drift';
import {
  autoscaledTargets,
  childObject,
  childString,
  compareResource,
  describeKey,
  foreignTracker,
  isJsonObject,
  keyId,
  objectKey,
} from '../core/drift';
import type { ApplicationSource, ClusterContext } from './context';
import { ApiError, CancelledError, errorMessage } from './errors';
import { kindRank } from './kindOrder';
import { applyObject, deleteObject, fieldManager, getObject, objectPath } from './resources';
import { sleep } from './retry';
import type { Target } from './targets';
import { listTracked, readLive, resolveTargets } from './targets';

export interface SyncOptions {
  /**
   * Delete objects that carry this Application's tracking label but are no longer rendered.
   * Pruning runs after every apply, and only when all of them succeeded.
   */
  readonly prune?: boolean;
  /** Allow pruning when the render has no objects at all (otherwise an empty render prunes nothing). */
  readonly allowEmpty?: boolean;
  /** Create missing namespaces of namespaced objects. */
  readonly createNamespace?: boolean;
  /** Apply only objects whose comparison is not Synced. */
  readonly applyOutOfSyncOnly?: boolean;
  /** Take over fields other field managers own (server-side apply `force`). */
  readonly force?: boolean;
  /** Send every write with `dryRun=All`: the server validates it and persists nothing. */
  readonly dryRun?: boolean;
  /** Modify objects that another Argo CD or GitOps Workbench Application tracks. */
  readonly allowForeignTracked?: boolean;
  /** Log one line per object result (default true); false when the caller prints the result. */
  readonly logResources?: boolean;
  readonly signal?: AbortSignal;
}

export type SyncAction = 'created' | 'configured' | 'unchanged' | 'pruned' | 'skipped' | 'failed';

export interface SyncedResource {
  readonly key: ObjectKey;
  readonly action: SyncAction;
  readonly message?: string;
}

export interface SyncResult {
  readonly application: string;
  readonly phase: 'Succeeded' | 'Failed';
  readonly resources: readonly SyncedResource[];
}

/** Time to wait for an applied CRD to become Established before its custom resources are applied. */
const crdEstablishTimeoutMs = 30_000;

/**
 * Applies an Application's rendered objects with server-side apply (field manager
 * `gitops-workbench`), in kind order, then prunes tracked objects that are no longer rendered
 * when asked. Each API call is retried with backoff. A failed object does not stop the others,
 * but any failure skips pruning, so a half-applied sync never deletes what live objects still
 * use (such as the ConfigMap of a Deployment whose apply failed).
 */
export async function syncApplication(
  cluster: ClusterContext,
  source: ApplicationSource,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const run = new SyncRun(cluster, source, options);
  return run.execute();
}

class SyncRun {
  private readonly results: SyncedResource[] = [];
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly cluster: ClusterContext,
    private readonly source: ApplicationSource,
    private readonly options: SyncOptions,
  ) {
    this.signal = options.signal;
  }

  async execute(): Promise<SyncResult> {
    this.checkCancelled();
    const targets = await resolveTargets(this.cluster, this.source, this.signal);
    targets.sort((left, right) => kindRank(left.key.kind) - kindRank(right.key.kind));
    if (this.options.createNamespace === true) {
      await this.createNamespaces(targets);
    }

    const served = targets.filter((target) => target.type !== undefined);
    const live = await readLive(this.cluster, this.source.name, served, this.signal);
    const autoscaled = autoscaledTargets(targets.map((target) => target.manifest));

    for (const target of targets) {
      this.checkCancelled();
      await this.syncTarget(target, live.get(keyId(target.key)), autoscaled.has(keyId(target.key)));
    }
    if (this.options.prune === true) {
      await this.pruneExtraneous(targets);
    }

    const failed = this.hasFailures();
    return {
      application: this.source.name,
      phase: failed ? 'Failed' : 'Succeeded',
      resources: this.results,
    };
  }

  private async syncTarget(
    target: Target,
    live: JsonObject | undefined,
    autoscaled: boolean,
  ): Promise<void> {
    try {
      const resolved = await this.ensureServed(target);
      const skipReason = this.skipReason(live);
      if (skipReason !== undefined) {
        this.record(target.key, 'failed', skipReason);
        return;
      }

      let manifest = resolved.applied;
      if (autoscaled && live !== undefined) {
        manifest = keepLiveReplicas(manifest, live);
      }
      const onlyOutOfSync = this.options.applyOutOfSyncOnly === true && live !== undefined;
      if (onlyOutOfSync && (await this.isSynced(resolved, manifest, live))) {
        this.record(target.key, 'unchanged');
        return;
      }
      await this.apply(resolved, manifest, live);
    } catch (error) {
      if (error instanceof CancelledError) {
        throw error;
      }
      this.record(target.key, 'failed', this.explain(error));
    }
  }

  private async apply(
    target: Target,
    manifest: JsonObject,
    live: JsonObject | undefined,
  ): Promise<void> {
    const type = target.type;
    if (type === undefined) {
      throw new Error(target.error ?? 'kind not served');
    }
    const applyOptions = {
      force: this.options.force === true,
      dryRun: this.options.dryRun === true,
      ...(this.signal ? { signal: this.signal } : {}),
    };
    const stored = await this.cluster.call(
      `apply ${describeKey(target.key)}`,
      () => applyObject(this.cluster.connection, type, manifest, applyOptions),
      this.signal,
    );

    const healed = await this.removeForeignKeys(target, stored);
    const before = childString(childObject(live, 'metadata'), 'resourceVersion');
    const after = childString(childObject(healed, 'metadata'), 'resourceVersion');
    let action: SyncAction = before === after ? 'unchanged' : 'configured';
    if (live === undefined) {
      action = 'created';
    }
    this.record(target.key, action);
    if (target.key.kind === 'CustomResourceDefinition' && this.options.dryRun !== true) {
      await this.waitEstablished(target);
    }
  }

  /**
   * Removes keys that other managers added to maps the manifest owns as a whole (ConfigMap and
   * Secret data, pod template annotations). Server-side apply keeps fields it does not own, so
   * without this a sync would never heal that drift.
   */
  private async removeForeignKeys(target: Target, stored: JsonObject): Promise<JsonObject> {
    const type = target.type;
    const extra = compareResource(stored, stored, { manifest: target.manifest }).differences;
    const removals = extra.filter((difference) => difference.desired === undefined);
    if (type === undefined || removals.length === 0 || this.options.dryRun === true) {
      return stored;
    }

    const patch = removals.map((difference) => ({ op: 'remove', path: difference.path }));
    const request = {
      method: 'PATCH' as const,
      path: objectPath(type, target.key.namespace, target.key.name),
      contentType: 'application/json-patch+json',
      body: patch,
      query: { fieldManager },
      ...(this.signal ? { signal: this.signal } : {}),
    };
    const what = `remove ${removals.length} added keys from ${describeKey(target.key)}`;
    const patched = await this.cluster.call(
      what,
      () => this.cluster.connection.request(request),
      this.signal,
    );
    this.cluster.log(`Application "${this.source.name}": ${what}`);
    return isJsonObject(patched) ? patched : stored;
  }

  private async isSynced(target: Target, manifest: JsonObject, live: JsonObject): Promise<boolean> {
    const type = target.type;
    if (type === undefined) {
      return false;
    }
    const options = { dryRun: true, force: true, ...(this.signal ? { signal: this.signal } : {}) };
    const desired = await this.cluster.call(
      `dry-run apply ${describeKey(target.key)}`,
      () => applyObject(this.cluster.connection, type, manifest, options),
      this.signal,
    );
    const comparison = compareResource(desired, live, {
      manifest: target.manifest,
      ignoreDifferences: this.source.ignoreDifferences ?? [],
    });
    return comparison.status === 'Synced';
  }

  /** Re-resolves a target whose kind was unknown, e.g. a custom resource whose CRD this sync created. */
  private async ensureServed(target: Target): Promise<Target> {
    if (target.type !== undefined) {
      return target;
    }
    const apiVersion = childString(target.manifest, 'apiVersion') ?? '';
    const type = await this.cluster.discovery.resourceFor(apiVersion, target.key.kind, this.signal);
    if (type === undefined) {
      throw new Error(target.error ?? 'kind not served');
    }
    return { ...target, type };
  }

  private skipReason(live: JsonObject | undefined): string | undefined {
    if (live === undefined || this.options.allowForeignTracked === true) {
      return undefined;
    }
    const tracker = foreignTracker(live, this.source.name);
    if (tracker === undefined) {
      return undefined;
    }
    return `not modified because ${tracker} tracks it; allow foreign tracked objects to take it over`;
  }

  private async createNamespaces(targets: readonly Target[]): Promise<void> {
    const namespaces = targets.filter((target) => target.key.kind === 'Namespace');
    const rendered = new Set(namespaces.map((target) => target.key.name));
    const namespaced = targets.filter((target) => target.type?.namespaced === true);
    const needed = new Set(namespaced.map((target) => target.key.namespace));
    for (const name of needed) {
      if (!rendered.has(name)) {
        await this.createNamespace(name);
      }
    }
  }

  private async createNamespace(name: string): Promise<void> {
    const type = await this.cluster.discovery.resourceFor('v1', 'Namespace', this.signal);
    const key: ObjectKey = { group: '', version: 'v1', kind: 'Namespace', namespace: '', name };
    if (type === undefined) {
      return;
    }
    const get = () => getObject(this.cluster.connection, type, key, this.signal);
    const existing = await this.cluster.call(`get namespace ${name}`, get, this.signal);
    if (existing !== undefined) {
      return;
    }

    const manifest: JsonObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    const options = {
      dryRun: this.options.dryRun === true,
      ...(this.signal ? { signal: this.signal } : {}),
    };
    try {
      const create = () => applyObject(this.cluster.connection, type, manifest, options);
      await this.cluster.call(`create namespace ${name}`, create, this.signal);
      this.record(key, 'created', 'namespace created for the objects in it');
    } catch (error) {
      this.record(key, 'failed', this.explain(error));
    }
  }

  private async findExtraneous(targets: readonly Target[]): Promise<JsonObject[]> {
    if (this.source.manifests.length === 0 && this.options.allowEmpty !== true) {
      const name = this.source.name;
      this.cluster.log(
        `Application "${name}": the render is empty, so nothing is pruned (allow empty renders to prune)`,
      );
      return [];
    }
    const wanted = new Set(targets.map((target) => keyId(target.key)));
    const tracked = await listTracked(this.cluster, this.source.name, this.signal);
    return tracked.filter((object) => !wanted.has(keyId(objectKey(object))));
  }

  /**
   * Deletes the extraneous objects in reverse kind order, so workloads go before the ConfigMaps
   * and namespaces they use. When any earlier step failed, each one is reported as skipped.
   */
  private async pruneExtraneous(targets: readonly Target[]): Promise<void> {
    let extraneous: JsonObject[];
    try {
      extraneous = await this.findExtraneous(targets);
    } catch (error) {
      if (error instanceof CancelledError) {
        throw error;
      }
      const name = this.source.name;
      const key: ObjectKey = { group: '', version: '', kind: 'Application', namespace: '', name };
      this.record(
        key,
        'failed',
        `nothing pruned: listing tracked objects failed: ${errorMessage(error)}`,
      );
      return;
    }

    const applyFailed = this.hasFailures();
    extraneous.sort(
      (left, right) => kindRank(objectKey(right).kind) - kindRank(objectKey(left).kind),
    );
    for (const object of extraneous) {
      this.checkCancelled();
      if (applyFailed) {
        this.record(
          objectKey(object),
          'skipped',
          'not pruned because an earlier step of this sync failed',
        );
      } else {
        await this.prune(object);
      }
    }
  }

  private hasFailures(): boolean {
    return this.results.some((result) => result.action === 'failed');
  }

  private async prune(object: JsonObject): Promise<void> {
    const key = objectKey(object);
    try {
      const apiVersion = key.group === '' ? key.version : `${key.group}/${key.version}`;
      const type = await this.cluster.discovery.resourceFor(apiVersion, key.kind, this.signal);
      if (type === undefined) {
        throw new Error(`the cluster no longer serves ${key.kind}`);
      }
      const options = {
        dryRun: this.options.dryRun === true,
        ...(this.signal ? { signal: this.signal } : {}),
      };
      const remove = () => deleteObject(this.cluster.connection, type, key, options);
      await this.cluster.call(`delete ${describeKey(key)}`, remove, this.signal);
      this.record(key, 'pruned');
    } catch (error) {
      if (error instanceof CancelledError) {
        throw error;
      }
      this.record(key, 'failed', this.explain(error));
    }
  }

  private async waitEstablished(target: Target): Promise<void> {
    const type = target.type;
    if (type === undefined) {
      return;
    }
    const deadline = Date.now() + crdEstablishTimeoutMs;
    while (Date.now() < deadline) {
      const crd = await getObject(this.cluster.connection, type, target.key, this.signal);
      if (isEstablished(crd)) {
        this.cluster.discovery.invalidate();
        return;
      }
      await sleep(200, this.signal);
    }
    throw new Error(
      `CRD ${target.key.name} did not become Established within ${crdEstablishTimeoutMs / 1000} s`,
    );
  }

  /** Describes a failure of one object; the result line already names the Application and object. */
  private explain(error: unknown): string {
    let message = errorMessage(error);
    if (error instanceof ApiError && error.status === 409 && this.options.force !== true) {
      message += ' (another field manager owns these fields; sync with force to take them over)';
    }
    const namespace = missingNamespace(error);
    if (namespace !== undefined && this.options.createNamespace !== true) {
      message += ` (create namespace ${namespace} first, or sync with --create-namespace,`;
      message += " which is CreateNamespace=true in an Application's syncOptions)";
    }
    return message;
  }

  private record(key: ObjectKey, action: SyncAction, message?: string): void {
    this.results.push({ key, action, ...(message === undefined ? {} : { message }) });
    if (this.options.logResources === false) {
      return;
    }
    const suffix = message === undefined ? '' : `: ${message}`;
    this.cluster.log(`Application "${this.source.name}": ${describeKey(key)} ${action}${suffix}`);
  }

  private checkCancelled(): void {
    if (this.signal?.aborted === true) {
      throw new CancelledError(`sync of Application "${this.source.name}" cancelled`);
    }
  }
}

/** Returns the namespace a 404 reports as missing, e.g. `namespaces "shop" not found`. */
function missingNamespace(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 404) {
    return undefined;
  }
  return /namespaces "([^"]+)" not found/.exec(error.message)?.[1];
}

/** Keeps the live replica count of an autoscaled workload, so a sync does not undo scaling. */
function keepLiveReplicas(manifest: JsonObject, live: JsonObject): JsonObject {
  const liveReplicas = childObject(live, 'spec')?.['replicas'];
  const spec = childObject(manifest, 'spec');
  if (spec === undefined || typeof liveReplicas !== 'number') {
    return manifest;
  }
  return { ...manifest, spec: { ...spec, replicas: liveReplicas } };
}

function isEstablished(crd: JsonObject | undefined): boolean {
  const conditions = childObject(crd, 'status')?.['conditions'];
  if (!Array.isArray(conditions)) {
    return false;
  }
  return conditions.some((condition) => {
    return (
      childString(condition, 'type') === 'Established' &&
      childString(condition, 'status') === 'True'
    );
  });
}
