import * as path from 'node:path';
import * as YAML from 'yaml';
import type { SourceRange, YamlFile, YamlProblem } from '../yamlFile';
import { findPair, parseYamlFile, rangeOfNode, scalarString } from '../yamlFile';

/** File names kustomize accepts for a kustomization, in the order it looks for them. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The fields that name other files or folders, and what each kind of entry points at. */
export type ReferenceField =
  | 'resources'
  | 'bases'
  | 'components'
  | 'patches'
  | 'patchesStrategicMerge'
  | 'patchesJson6902'
  | 'configMapGenerator'
  | 'secretGenerator'
  | 'configurations'
  | 'crds'
  | 'replacements'
  | 'openapi'
  | 'generators'
  | 'transformers'
  | 'validators'
  | 'helmCharts';

/**
 * One path written in a kustomization. `expects` names what kustomize looks for there:
 * a kustomization folder (`root`), a file, or either (`resources` accepts both).
 */
export interface KustomizationReference {
  readonly field: ReferenceField;
  readonly value: string;
  readonly absolutePath: string;
  readonly range: SourceRange;
  readonly expects: 'root' | 'file' | 'file-or-root';
  readonly remote: boolean;
}

/** One `images:` entry, with the range of the whole entry and of each field. */
export interface ImageEntry {
  readonly index: number;
  readonly name: string | undefined;
  readonly newName: string | undefined;
  readonly newTag: string | undefined;
  readonly digest: string | undefined;
  readonly range: SourceRange;
  readonly fieldRanges: ReadonlyMap<string, SourceRange>;
}

/** A parsed kustomization file. `kind` is `Kustomization` unless the file declares `Component`. */
export interface Kustomization {
  readonly dir: string;
  readonly file: YamlFile;
  readonly kind: 'Kustomization' | 'Component';
  readonly apiVersion: string | undefined;
  readonly namespace: string | undefined;
  readonly references: readonly KustomizationReference[];
  readonly images: readonly ImageEntry[];
  /** The top-level map, or undefined when the file is not a YAML map. */
  readonly root: YAML.YAMLMap | undefined;
  readonly problems: readonly YamlProblem[];
}

/** Returns true for URLs and go-getter style addresses that kustomize fetches from a network. */
export function isRemoteReference(value: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return true;
  }
  if (/^git@[^:]+:/.test(value) || /^github\.com\//.test(value) || /^gitlab\.com\//.test(value)) {
    return true;
  }
  return value.includes('?ref=') || value.includes('//') || value.startsWith('git::');
}

/** Parses the text of a kustomization file; syntax errors become problems, not exceptions. */
export function parseKustomization(filePath: string, text: string): Kustomization {
  const dir = path.dirname(filePath);
  const file = parseYamlFile(filePath, text);
  const document = file.documents[0];
  const contents = document?.contents;
  const root = YAML.isMap(contents) ? contents : undefined;

  const problems: YamlProblem[] = [...file.problems];
  if (file.documents.length > 1) {
    problems.push({
      message:
        'A kustomization holds one YAML document; kustomize ignores the documents after the first.',
      code: 'multiple-documents',
      range: rangeOfNode(file, file.documents[1]?.contents as YAML.Node | undefined),
      severity: 'warning',
    });
  }

  const kindText = scalarString(findPair(root, 'kind')?.value);
  return {
    dir,
    file,
    kind: kindText === 'Component' ? 'Component' : 'Kustomization',
    apiVersion: scalarString(findPair(root, 'apiVersion')?.value),
    namespace: scalarString(findPair(root, 'namespace')?.value),
    references: root === undefined ? [] : collectReferences(file, dir, root),
    images: root === undefined ? [] : collectImages(file, root),
    root,
    problems,
  };
}

type Collector = (context: CollectContext, value: unknown) => void;

interface CollectContext {
  readonly file: YamlFile;
  readonly dir: string;
  readonly field: ReferenceField;
  readonly out: KustomizationReference[];
}

const collectors: ReadonlyMap<ReferenceField, Collector> = new Map<ReferenceField, Collector>([
  ['resources', (context, value) => addEach(context, value, 'file-or-root')],
  ['bases', (context, value) => addEach(context, value, 'root')],
  ['components', (context, value) => addEach(context, value, 'root')],
  ['patchesStrategicMerge', (context, value) => addEach(context, value, 'file')],
  ['configurations', (context, value) => addEach(context, value, 'file')],
  ['crds', (context, value) => addEach(context, value, 'file')],
  ['generators', (context, value) => addEach(context, value, 'file-or-root')],
  ['transformers', (context, value) => addEach(context, value, 'file-or-root')],
  ['validators', (context, value) => addEach(context, value, 'file-or-root')],
  ['patches', (context, value) => addEachKey(context, value, 'path')],
  ['patchesJson6902', (context, value) => addEachKey(context, value, 'path')],
  ['replacements', (context, value) => addEachKey(context, value, 'path')],
  ['helmCharts', (context, value) => addEachKey(context, value, 'valuesFile')],
  ['openapi', (context, value) => addKey(context, value, 'path')],
  ['configMapGenerator', (context, value) => addGeneratorFiles(context, value)],
  ['secretGenerator', (context, value) => addGeneratorFiles(context, value)],
]);

function collectReferences(
  file: YamlFile,
  dir: string,
  root: YAML.YAMLMap,
): KustomizationReference[] {
  const out: KustomizationReference[] = [];
  for (const [field, collect] of collectors) {
    const value = findPair(root, field)?.value;
    if (value !== undefined && value !== null) {
      collect({ file, dir, field, out }, value);
    }
  }
  return out;
}

function addEach(
  context: CollectContext,
  value: unknown,
  expects: KustomizationReference['expects'],
): void {
  if (!YAML.isSeq(value)) {
    return;
  }
  for (const item of value.items) {
    const text = scalarString(item);
    // Entries with a line break are inline patches or objects, not paths.
    if (text !== undefined && !text.includes('\n')) {
      addReference(context, item as YAML.Node, text, expects);
    }
  }
}

function addEachKey(context: CollectContext, value: unknown, key: string): void {
  if (!YAML.isSeq(value)) {
    return;
  }
  for (const item of value.items) {
    addKey(context, item, key);
  }
}

function addKey(context: CollectContext, value: unknown, key: string): void {
  const node = findPair(value, key)?.value;
  const text = scalarString(node);
  if (text !== undefined && text !== '') {
    addReference(context, node as YAML.Node, text, 'file');
  }
}

/** Generator `files` entries are `path` or `key=path`; `envs` and the older `env` are paths. */
function addGeneratorFiles(context: CollectContext, value: unknown): void {
  if (!YAML.isSeq(value)) {
    return;
  }
  for (const generator of value.items) {
    for (const key of ['files', 'envs']) {
      const list = findPair(generator, key)?.value;
      if (!YAML.isSeq(list)) {
        continue;
      }
      for (const item of list.items) {
        const text = scalarString(item);
        if (text !== undefined) {
          const equals = text.indexOf('=');
          addReference(
            context,
            item as YAML.Node,
            equals === -1 ? text : text.slice(equals + 1),
            'file',
          );
        }
      }
    }
    addKey(context, generator, 'env');
  }
}

function addReference(
  context: CollectContext,
  node: YAML.Node,
  value: string,
  expects: KustomizationReference['expects'],
): void {
  const trimmed = value.trim();
  const remote = isRemoteReference(trimmed);
  context.out.push({
    field: context.field,
    value: trimmed,
    absolutePath: remote ? trimmed : path.resolve(context.dir, trimmed),
    range: rangeOfNode(context.file, node),
    expects,
    remote,
  });
}

function collectImages(file: YamlFile, root: YAML.YAMLMap): ImageEntry[] {
  const list = findPair(root, 'images')?.value;
  if (!YAML.isSeq(list)) {
    return [];
  }

  const entries: ImageEntry[] = [];
  list.items.forEach((item, index) => {
    if (!YAML.isMap(item)) {
      return;
    }
    const fieldRanges = new Map<string, SourceRange>();
    for (const pair of item.items) {
      if (YAML.isScalar(pair.key)) {
        fieldRanges.set(String(pair.key.value), rangeOfNode(file, pair.value as YAML.Node));
      }
    }
    entries.push({
      index,
      name: scalarString(findPair(item, 'name')?.value),
      newName: scalarString(findPair(item, 'newName')?.value),
      newTag: scalarString(findPair(item, 'newTag')?.value),
      digest: scalarString(findPair(item, 'digest')?.value),
      range: rangeOfNode(file, item),
      fieldRanges,
    });
  });
  return entries;
}
