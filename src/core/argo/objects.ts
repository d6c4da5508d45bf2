import * as YAML from 'yaml';
import type { SourceRange, YamlFile } from '../yamlFile';
import { nodeAt, rangeOfNode, scalarString } from '../yamlFile';

export type ArgoKind = 'Application' | 'ApplicationSet' | 'AppProject';

const argoKinds: readonly string[] = ['Application', 'ApplicationSet', 'AppProject'];

/** One entry of `spec.source` or `spec.sources[]` (for an ApplicationSet, of its template). */
export interface ApplicationSource {
  /** Position in `spec.sources`, or undefined for `spec.source`. */
  readonly index: number | undefined;
  readonly repoURL: string | undefined;
  readonly path: string | undefined;
  readonly targetRevision: string | undefined;
  /** Helm chart name: set when the source is a chart from a Helm repository. */
  readonly chart: string | undefined;
  /** Name under which other sources of a multi-source Application refer to this one. */
  readonly ref: string | undefined;
  /** `directory.recurse`: Argo CD reads manifests from subfolders of `path` too. */
  readonly recurse: boolean;
  readonly range: SourceRange;
}

export interface ApplicationDestination {
  readonly server: string | undefined;
  /** Cluster name, the alternative to `server`. */
  readonly name: string | undefined;
  readonly namespace: string | undefined;
}

export interface SyncPolicy {
  /** True when `syncPolicy.automated` is present, which turns on automatic sync. */
  readonly automated: boolean;
  readonly prune: boolean;
  readonly selfHeal: boolean;
  readonly syncOptions: readonly string[];
}

/** An Argo CD object found in a workspace file. */
export interface ArgoObject {
  readonly kind: ArgoKind;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly file: string;
  /** Position of the YAML document in a multi-document file, from 0. */
  readonly documentIndex: number;
  /** 1-based line where the object's document starts, for messages and the CLI. */
  readonly line: number;
  /** 0-based range of the whole document, for editors. */
  readonly range: SourceRange;
  readonly project: string | undefined;
  /** The sources of an Application or of an ApplicationSet's template; empty for an AppProject. */
  readonly sources: readonly ApplicationSource[];
  readonly destination: ApplicationDestination | undefined;
  readonly syncPolicy: SyncPolicy | undefined;
  /** `spec.ignoreDifferences` as written: the fields a diff against the cluster skips. */
  readonly ignoreDifferences: readonly IgnoreDifferenceRule[];
}

/** One `spec.ignoreDifferences` entry of an Application. */
export interface IgnoreDifferenceRule {
  readonly group?: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly jsonPointers?: readonly string[];
  readonly jqPathExpressions?: readonly string[];
  readonly managedFieldsManagers?: readonly string[];
}

/** Finds every Argo CD Application, ApplicationSet and AppProject in a parsed YAML file. */
export function findArgoObjects(file: YamlFile): ArgoObject[] {
  const objects: ArgoObject[] = [];
  file.documents.forEach((document, documentIndex) => {
    const object = readArgoObject(file, document.contents, documentIndex);
    if (object !== undefined) {
      objects.push(object);
    }
  });
  return objects;
}

function readArgoObject(
  file: YamlFile,
  root: unknown,
  documentIndex: number,
): ArgoObject | undefined {
  const apiVersion = scalarString(nodeAt(root, ['apiVersion']));
  const kind = scalarString(nodeAt(root, ['kind']));
  const name = scalarString(nodeAt(root, ['metadata', 'name']));
  if (apiVersion?.startsWith('argoproj.io/') !== true || kind === undefined || name === undefined) {
    return undefined;
  }
  if (!argoKinds.includes(kind)) {
    return undefined;
  }

  // An ApplicationSet describes the Applications it generates in spec.template.spec.
  const specPath = kind === 'ApplicationSet' ? ['spec', 'template', 'spec'] : ['spec'];
  const spec = nodeAt(root, specPath);
  const range = rangeOfNode(file, root as YAML.Node);
  return {
    kind: kind as ArgoKind,
    apiVersion,
    name,
    namespace: scalarString(nodeAt(root, ['metadata', 'namespace'])),
    file: file.path,
    documentIndex,
    line: range.startLine + 1,
    range,
    project: scalarString(nodeAt(spec, ['project'])),
    sources: kind === 'AppProject' ? [] : readSources(file, spec),
    destination: kind === 'AppProject' ? undefined : readDestination(spec),
    syncPolicy: kind === 'AppProject' ? undefined : readSyncPolicy(spec),
    ignoreDifferences: readIgnoreDifferences(spec),
  };
}

function readIgnoreDifferences(spec: unknown): IgnoreDifferenceRule[] {
  const list = nodeAt(spec, ['ignoreDifferences']);
  if (!YAML.isSeq(list)) {
    return [];
  }
  const rules: IgnoreDifferenceRule[] = [];
  for (const item of list.items) {
    const value: unknown = YAML.isMap(item) ? item.toJSON() : undefined;
    if (isIgnoreDifferenceRule(value)) {
      rules.push(value);
    }
  }
  return rules;
}

function isIgnoreDifferenceRule(value: unknown): value is IgnoreDifferenceRule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}

function readSources(file: YamlFile, spec: unknown): ApplicationSource[] {
  const single = nodeAt(spec, ['source']);
  if (YAML.isMap(single)) {
    return [readSource(file, single, undefined)];
  }

  const list = nodeAt(spec, ['sources']);
  if (!YAML.isSeq(list)) {
    return [];
  }
  return list.items.map((item, index) => readSource(file, item, index));
}

function readSource(file: YamlFile, node: unknown, index: number | undefined): ApplicationSource {
  const recurse = nodeAt(node, ['directory', 'recurse']);
  return {
    index,
    repoURL: scalarString(nodeAt(node, ['repoURL'])),
    path: scalarString(nodeAt(node, ['path'])),
    targetRevision: scalarString(nodeAt(node, ['targetRevision'])),
    chart: scalarString(nodeAt(node, ['chart'])),
    ref: scalarString(nodeAt(node, ['ref'])),
    recurse: YAML.isScalar(recurse) && recurse.value === true,
    range: rangeOfNode(file, node as YAML.Node),
  };
}

function readDestination(spec: unknown): ApplicationDestination | undefined {
  const node = nodeAt(spec, ['destination']);
  if (!YAML.isMap(node)) {
    return undefined;
  }
  return {
    server: scalarString(nodeAt(node, ['server'])),
    name: scalarString(nodeAt(node, ['name'])),
    namespace: scalarString(nodeAt(node, ['namespace'])),
  };
}

function readSyncPolicy(spec: unknown): SyncPolicy | undefined {
  const node = nodeAt(spec, ['syncPolicy']);
  if (node === undefined) {
    return undefined;
  }

  const automated = findAutomated(node);
  const options = nodeAt(node, ['syncOptions']);
  const syncOptions = YAML.isSeq(options) ? options.items.map(scalarString) : [];
  return {
    automated: automated !== undefined,
    prune: isTrue(nodeAt(automated, ['prune'])),
    selfHeal: isTrue(nodeAt(automated, ['selfHeal'])),
    syncOptions: syncOptions.filter((option): option is string => option !== undefined),
  };
}

/**
 * Returns the `automated` map, or undefined when automatic sync is off. `automated: {}` turns it
 * on and an empty `automated:` (null) leaves it off. The Argo CD 3.3 documentation adds
 * `automated.enabled`, and `enabled: false` turns automatic sync off too.
 */
function findAutomated(syncPolicy: unknown): YAML.YAMLMap | undefined {
  const automated = nodeAt(syncPolicy, ['automated']);
  if (!YAML.isMap(automated)) {
    return undefined;
  }

  const enabled = nodeAt(automated, ['enabled']);
  if (YAML.isScalar(enabled) && enabled.value === false) {
    return undefined;
  }
  return automated;
}

function isTrue(node: unknown): boolean {
  return YAML.isScalar(node) && node.value === true;
}
