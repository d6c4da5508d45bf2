import * as path from 'node:path';
import * as YAML from 'yaml';
import type { Kustomization } from '../workspace/kustomization';
import type { SourceRange, YamlFile } from '../yamlFile';
import { findPair, rangeOfNode, rangeOfOffsets, scalarString } from '../yamlFile';
import type { ParsedFiles } from './parsedFiles';
import type { PatchTarget } from './selector';
import { readTarget } from './selector';

export type PatchField = 'patches' | 'patchesJson6902' | 'patchesStrategicMerge';

/** The parsed text of a patch, inline or from a file, with a way to place its nodes. */
export interface PatchBody {
  /** The file that findings point into: the patch file, or the kustomization for inline patches. */
  readonly file: string;
  readonly documents: readonly YAML.Document.Parsed[];
  /** The range of a node of `documents` in `file`. */
  rangeOf(node: YAML.Node | undefined): SourceRange;
  /** False when positions are approximate (inline patches not written as a `|` block). */
  readonly precise: boolean;
}

/** One entry of `patches`, `patchesJson6902` or `patchesStrategicMerge`. */
export interface PatchEntry {
  readonly field: PatchField;
  readonly node: YAML.Node;
  readonly target: PatchTarget | undefined;
  readonly targetNode: YAML.Node | undefined;
  /** Undefined when the patch file cannot be read (the reference rules report that). */
  readonly body: PatchBody | undefined;
  readonly kind: 'json6902' | 'strategic-merge' | 'unknown';
}

/** Lists every patch of a kustomization with its parsed body. */
export function patchEntries(kustomization: Kustomization, files: ParsedFiles): PatchEntry[] {
  const entries: PatchEntry[] = [];
  for (const field of ['patches', 'patchesJson6902', 'patchesStrategicMerge'] as const) {
    const list = findPair(kustomization.root, field)?.value;
    if (!YAML.isSeq(list)) {
      continue;
    }
    for (const item of list.items) {
      if (YAML.isNode(item)) {
        entries.push(readEntry(kustomization, files, field, item));
      }
    }
  }
  return entries;
}

function readEntry(
  kustomization: Kustomization,
  files: ParsedFiles,
  field: PatchField,
  item: YAML.Node,
): PatchEntry {
  const targetNode = findPair(item, 'target')?.value as YAML.Node | undefined;
  const body = readBody(kustomization, files, field, item);
  return {
    field,
    node: item,
    target: readTarget(targetNode),
    targetNode,
    body,
    kind: kindOf(field, body),
  };
}

function kindOf(field: PatchField, body: PatchBody | undefined): PatchEntry['kind'] {
  if (field === 'patchesJson6902') {
    return 'json6902';
  }
  if (field === 'patchesStrategicMerge') {
    return 'strategic-merge';
  }
  const contents = body?.documents[0]?.contents;
  if (YAML.isSeq(contents)) {
    return 'json6902';
  }
  return YAML.isMap(contents) ? 'strategic-merge' : 'unknown';
}

function readBody(
  kustomization: Kustomization,
  files: ParsedFiles,
  field: PatchField,
  item: YAML.Node,
): PatchBody | undefined {
  if (field === 'patchesStrategicMerge') {
    const text = scalarString(item);
    if (text === undefined) {
      return undefined;
    }
    return text.includes('\n')
      ? inlineBody(kustomization.file, item as YAML.Scalar)
      : fileBody(kustomization.dir, text, files);
  }

  const inline = findPair(item, 'patch')?.value;
  if (YAML.isScalar(inline)) {
    return inlineBody(kustomization.file, inline);
  }
  const file = scalarString(findPair(item, 'path')?.value);
  return file === undefined ? undefined : fileBody(kustomization.dir, file, files);
}

function fileBody(dir: string, relative: string, files: ParsedFiles): PatchBody | undefined {
  const file = files.get(path.resolve(dir, relative.trim()));
  if (file === undefined) {
    return undefined;
  }
  return {
    file: file.path,
    documents: file.documents,
    rangeOf: (node) => rangeOfNode(file, node),
    precise: true,
  };
}

/**
 * Parses an inline patch. For a `|` block the text starts on the line after the indicator at a
 * fixed indentation, so inner positions map to the kustomization line by line; any other style
 * maps every node to the whole scalar.
 */
function inlineBody(outer: YamlFile, scalar: YAML.Scalar): PatchBody {
  const cached = inlineBodies.get(scalar);
  if (cached !== undefined) {
    return cached;
  }
  const body = parseInlineBody(outer, scalar);
  inlineBodies.set(scalar, body);
  return body;
}

/** Inline patches by their scalar node, which lives as long as its parsed kustomization. */
const inlineBodies = new WeakMap<YAML.Scalar, PatchBody>();

function parseInlineBody(outer: YamlFile, scalar: YAML.Scalar): PatchBody {
  const text = String(scalar.value);
  const lineCounter = new YAML.LineCounter();
  const documents = YAML.parseAllDocuments(text, { lineCounter, uniqueKeys: false });
  const parsed = Array.isArray(documents) ? documents : [];
  const whole = rangeOfNode(outer, scalar);

  const start = scalar.range?.[0] ?? 0;
  const isLiteral = scalar.type === YAML.Scalar.BLOCK_LITERAL;
  const firstLine = outer.lineCounter.linePos(start).line;
  const indent = literalIndent(outer.text, start);
  if (!isLiteral || indent === undefined) {
    return { file: outer.path, documents: parsed, rangeOf: () => whole, precise: false };
  }

  const rangeOf = (node: YAML.Node | undefined): SourceRange => {
    const range = node?.range;
    if (range === undefined || range === null) {
      return whole;
    }
    const inner = rangeOfOffsets({ lineCounter }, range[0], range[1]);
    return {
      startLine: firstLine + inner.startLine,
      startColumn: indent + inner.startColumn,
      endLine: firstLine + inner.endLine,
      endColumn: indent + inner.endColumn,
    };
  };
  return { file: outer.path, documents: parsed, rangeOf, precise: true };
}

/** Indentation of the first non-blank line after a block indicator at `offset`. */
function literalIndent(text: string, offset: number): number | undefined {
  const lines = text.slice(offset).split('\n').slice(1);
  const first = lines.find((line) => line.trim() !== '');
  return first === undefined ? undefined : first.length - first.trimStart().length;
}
