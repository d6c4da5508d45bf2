import type { JsonObject, JsonValue } from '../core/drift';
import { childObject, childString, isJsonObject } from '../core/drift';
import type { ClusterConnection } from './connection';
import { isNotFound } from './errors';

/** An API resource type as discovery reports it. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural resource name used in URLs, e.g. `deployments`. */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

/** Runs one API call with a retry policy; `what` names the call in retry log lines. */
export type RetryingCall = <T>(
  what: string,
  operation: () => Promise<T>,
  signal?: AbortSignal,
) => Promise<T>;

/**
 * Finds resource types through the discovery API and caches each group version. Callers that
 * ask for the same group version while it loads share one request and its retries. A kind that
 * is missing from a cached list is looked up again once, because a CRD may have been established
 * since.
 */
export class Discovery {
  private readonly lists = new Map<string, Promise<ResourceType[] | undefined>>();
  private preferred: Promise<ResourceType[]> | undefined;

  constructor(
    private readonly connection: ClusterConnection,
    private readonly call: RetryingCall = (_what, operation) => operation(),
  ) {}

  /** Returns the resource type of a kind, or undefined when the server does not serve it. */
  async resourceFor(
    apiVersion: string,
    kind: string,
    signal?: AbortSignal,
  ): Promise<ResourceType | undefined> {
    const cached = await this.groupVersion(apiVersion, signal);
    const found = cached?.find((type) => type.kind === kind);
    if (found !== undefined) {
      return found;
    }

    this.lists.delete(apiVersion);
    const fresh = await this.groupVersion(apiVersion, signal);
    return fresh?.find((type) => type.kind === kind);
  }

  /** Forgets cached lists, e.g. after CRDs were created or removed. */
  invalidate(): void {
    this.lists.clear();
    this.preferred = undefined;
  }

  /**
   * Lists the resource types of every group's preferred version that can be listed and deleted:
   * the candidates for objects that a sync created earlier and no longer renders.
   */
  async prunableTypes(signal?: AbortSignal): Promise<ResourceType[]> {
    if (this.preferred === undefined) {
      const loading = this.loadPreferred(signal);
      this.preferred = loading;
      loading.catch(() => {
        if (this.preferred === loading) {
          this.preferred = undefined;
        }
      });
    }
    return this.preferred;
  }

  private groupVersion(
    apiVersion: string,
    signal?: AbortSignal,
  ): Promise<ResourceType[] | undefined> {
    let list = this.lists.get(apiVersion);
    if (list === undefined) {
      list = this.fetchGroupVersion(apiVersion, signal);
      this.lists.set(apiVersion, list);
      const loading = list;
      loading.catch(() => {
        if (this.lists.get(apiVersion) === loading) {
          this.lists.delete(apiVersion);
        }
      });
    }
    return list;
  }

  private async fetchGroupVersion(
    apiVersion: string,
    signal?: AbortSignal,
  ): Promise<ResourceType[] | undefined> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const get = () =>
      this.connection.request({ method: 'GET', path, ...(signal ? { signal } : {}) });
    let body: JsonValue | undefined;
    try {
      body = await this.call(`discover ${apiVersion}`, get, signal);
    } catch (error) {
      if (isNotFound(error)) {
        return undefined;
      }
      throw error;
    }
    return parseResourceList(apiVersion, body);
  }

  private async loadPreferred(signal?: AbortSignal): Promise<ResourceType[]> {
    const options = signal ? { signal } : {};
    const get = () => this.connection.request({ method: 'GET', path: '/apis', ...options });
    const groups = await this.call('discover API groups', get, signal);
    const versions = ['v1', ...preferredVersions(groups)];
    const lists = await Promise.all(versions.map((version) => this.groupVersion(version, signal)));
    return lists
      .flat()
      .filter((type): type is ResourceType => type !== undefined)
      .filter((type) => type.verbs.includes('list') && type.verbs.includes('delete'));
  }
}

function preferredVersions(groups: JsonValue | undefined): string[] {
  const items = isJsonObject(groups) ? groups['groups'] : undefined;
  if (!Array.isArray(items)) {
    return [];
  }
  return items
    .map((group) => childString(childObject(group, 'preferredVersion'), 'groupVersion'))
    .filter((version): version is string => version !== undefined);
}

function parseResourceList(apiVersion: string, body: JsonValue | undefined): ResourceType[] {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  const resources = isJsonObject(body) ? body['resources'] : undefined;
  if (!Array.isArray(resources)) {
    return [];
  }

  return resources.filter(isJsonObject).flatMap((item: JsonObject) => {
    const resource = childString(item, 'name') ?? '';
    if (resource.includes('/')) {
      return [];
    }
    const verbs = Array.isArray(item['verbs'])
      ? item['verbs'].filter((verb) => typeof verb === 'string')
      : [];
    return [
      {
        group,
        version,
        kind: childString(item, 'kind') ?? '',
        resource,
        namespaced: item['namespaced'] === true,
        verbs: verbs as string[],
      },
    ];
  });
}
