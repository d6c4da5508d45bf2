import * as YAML from 'yaml';
import type { KustomizationRoot } from '../workspace/roots';
import type { WorkspaceModel } from '../workspace/model';
import type { YamlFile } from '../yamlFile';
import { findPair, scalarString } from '../yamlFile';
import type { ParsedFiles } from './parsedFiles';

/** A Kubernetes object as written in a resource file, before kustomize transforms it. */
export interface SourceObject {
  readonly file: string;
  readonly yamlFile: YamlFile | undefined;
  /** The document's top-level map node, or undefined for objects made by generators. */
  readonly node: YAML.YAMLMap | undefined;
  readonly value: Record<string, unknown>;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** Namespaces the object had before a `namespace:` field moved it; patch targets match these too. */
  readonly previousNamespaces?: readonly string[];
}

/** Kinds without a namespace, which the namespace transformer leaves alone. */
export const clusterScopedKinds: ReadonlySet<string> = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'IngressClass',
]);

/** The objects a root builds from, and whether static reading could see all of them. */
export interface SourceObjects {
  readonly objects: readonly SourceObject[];
  /**
   * False when some input cannot be read without rendering: remote resources, Helm charts,
   * generator or transformer plugins, or references that do not resolve.
   */
  readonly complete: boolean;
}

const opaqueFields = ['helmCharts', 'helmChartInflationGenerator', 'generators', 'transformers'];

/**
 * Collects the objects of every resource file a root reaches through `resources`, `bases` and
 * `components`, plus a stand-in object for each ConfigMap or Secret generator.
 */
export function collectSourceObjects(
  model: WorkspaceModel,
  root: KustomizationRoot,
  files: ParsedFiles,
): SourceObjects {
  const state = {
    objects: [] as SourceObject[],
    complete: true,
    visited: new Set<string>(),
    keepNamespaceOf: undefined,
  };
  collectFrom(model, root, files, state);
  return { objects: state.objects, complete: state.complete };
}

/** Collects the same objects, but without applying the root's own `namespace:` field. */
export function objectsBeforeOwnNamespace(
  model: WorkspaceModel,
  root: KustomizationRoot,
  files: ParsedFiles,
): SourceObjects {
  const state = {
    objects: [] as SourceObject[],
    complete: true,
    visited: new Set<string>(),
    keepNamespaceOf: root.dir,
  };
  collectFrom(model, root, files, state);
  return { objects: state.objects, complete: state.complete };
}

interface CollectState {
  objects: SourceObject[];
  complete: boolean;
  visited: Set<string>;
  /** The root whose `namespace:` field is left unapplied, if any. */
  keepNamespaceOf: string | undefined;
}

function collectFrom(
  model: WorkspaceModel,
  root: KustomizationRoot,
  files: ParsedFiles,
  state: CollectState,
): void {
  if (state.visited.has(root.dir)) {
    return;
  }
  state.visited.add(root.dir);

  const kustomization = root.kustomization;
  if (
    kustomization === undefined ||
    root.problems.some((problem) => problem.severity === 'error')
  ) {
    state.complete = false;
  }
  if (kustomization === undefined) {
    return;
  }
  if (opaqueFields.some((field) => findPair(kustomization.root, field) !== undefined)) {
    state.complete = false;
  }

  const first = state.objects.length;
  for (const reference of kustomization.references) {
    if (!['resources', 'bases', 'components'].includes(reference.field)) {
      continue;
    }
    if (reference.remote) {
      state.complete = false;
      continue;
    }
    const child = model.root(reference.absolutePath);
    if (child !== undefined) {
      collectFrom(model, child, files, state);
      continue;
    }
    state.objects.push(...objectsInFile(reference.absolutePath, files));
  }
  state.objects.push(...generatedObjects(kustomization.root, root.filePath));
  const namespace = kustomization.namespace;
  if (namespace !== undefined && state.keepNamespaceOf !== root.dir) {
    const moved = state.objects.slice(first).map((object) => moveToNamespace(object, namespace));
    state.objects.splice(first, moved.length, ...moved);
  }
}

/** Applies a `namespace:` field to one object: cluster-scoped kinds keep having none. */
export function moveToNamespace(object: SourceObject, namespace: string): SourceObject {
  if (clusterScopedKinds.has(object.kind) || object.namespace === namespace) {
    return object;
  }
  const previous = object.namespace === undefined ? [] : [object.namespace];
  return {
    ...object,
    namespace,
    previousNamespaces: [...(object.previousNamespaces ?? []), ...previous],
  };
}

/** Reads the Kubernetes objects of one YAML file, skipping documents without a kind. */
export function objectsInFile(file: string, files: ParsedFiles): SourceObject[] {
  const yamlFile = files.get(file);
  if (yamlFile === undefined) {
    return [];
  }
  const cached = objectsByFile.get(yamlFile);
  if (cached !== undefined) {
    return [...cached];
  }
  const objects = readObjects(file, yamlFile);
  objectsByFile.set(yamlFile, objects);
  return [...objects];
}

/** Objects per parsed file; a changed file is parsed into a new YamlFile, so entries never go stale. */
const objectsByFile = new WeakMap<YamlFile, readonly SourceObject[]>();

function readObjects(file: string, yamlFile: YamlFile): SourceObject[] {
  const objects: SourceObject[] = [];
  for (const document of yamlFile.documents) {
    const node = document.contents;
    if (!YAML.isMap(node)) {
      continue;
    }
    const object = toSourceObject(file, yamlFile, node);
    if (object !== undefined) {
      objects.push(...expandList(object, file, yamlFile));
    }
  }
  return objects;
}

function toSourceObject(
  file: string,
  yamlFile: YamlFile | undefined,
  node: YAML.YAMLMap,
): SourceObject | undefined {
  const value = node.toJSON() as unknown;
  if (!isRecord(value)) {
    return undefined;
  }
  return describeObject(file, yamlFile, node, value);
}

function describeObject(
  file: string,
  yamlFile: YamlFile | undefined,
  node: YAML.YAMLMap | undefined,
  value: Record<string, unknown>,
): SourceObject | undefined {
  const kind = value['kind'];
  if (typeof kind !== 'string') {
    return undefined;
  }
  const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
  const namespace = metadata['namespace'];
  return {
    file,
    yamlFile,
    node,
    value,
    apiVersion: typeof value['apiVersion'] === 'string' ? value['apiVersion'] : '',
    kind,
    name: String(metadata['name'] ?? ''),
    namespace: typeof namespace === 'string' ? namespace : undefined,
  };
}

/** Kustomize unpacks `kind: List` documents into their items. */
function expandList(object: SourceObject, file: string, yamlFile: YamlFile): SourceObject[] {
  const items = object.value['items'];
  if (!object.kind.endsWith('List') || !Array.isArray(items)) {
    return [object];
  }
  const itemNodes = YAML.isMap(object.node) ? findPair(object.node, 'items')?.value : undefined;
  return items.flatMap((item, index) => {
    const itemNode = YAML.isSeq(itemNodes) ? itemNodes.items[index] : undefined;
    const described = isRecord(item)
      ? describeObject(file, yamlFile, YAML.isMap(itemNode) ? itemNode : undefined, item)
      : undefined;
    return described === undefined ? [] : [described];
  });
}

function generatedObjects(
  root: YAML.YAMLMap | undefined,
  kustomizationFile: string,
): SourceObject[] {
  const objects: SourceObject[] = [];
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    const list = findPair(root, field)?.value;
    if (!YAML.isSeq(list)) {
      continue;
    }
    for (const item of list.items) {
      const name = scalarString(findPair(item, 'name')?.value) ?? '';
      const namespace = scalarString(findPair(item, 'namespace')?.value);
      const metadata = namespace === undefined ? { name } : { name, namespace };
      const value = { apiVersion: 'v1', kind, metadata };
      objects.push({
        file: kustomizationFile,
        yamlFile: undefined,
        node: undefined,
        value,
        apiVersion: 'v1',
        kind,
        name,
        namespace,
      });
    }
  }
  return objects;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
