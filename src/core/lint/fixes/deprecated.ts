import * as YAML from 'yaml';
import type { YamlFile } from '../../yamlFile';
import { findPair } from '../../yamlFile';
import type { LintFix, TextEdit } from '../types';
import type { OffsetReplacement } from './yamlEdits';
import {
  columnOf,
  deleteLines,
  insertAfterLine,
  isBlockCollection,
  reindent,
  replaceInSlice,
  replaceOffsets,
  valueEnd,
} from './yamlEdits';

/**
 * Computes the quick fix that rewrites a deprecated field in its current form, keeping the
 * comments between the entries. Returns undefined when the field is written in a form the
 * fix does not handle (flow style, or a target field that is not a block sequence).
 */
export function deprecatedFieldFix(
  file: YamlFile,
  root: YAML.YAMLMap,
  field: string,
): LintFix | undefined {
  const pair = findPair(root, field);
  if (pair === undefined) {
    return undefined;
  }

  switch (field) {
    case 'bases':
      return toFix(
        'Move bases entries to resources',
        moveEntries(file, root, pair, 'resources', []),
      );
    case 'imageTags':
      return toFix('Move imageTags entries to images', moveEntries(file, root, pair, 'images', []));
    case 'patchesJson6902':
      return toFix(
        'Move patchesJson6902 entries to patches',
        moveEntries(file, root, pair, 'patches', []),
      );
    case 'patchesStrategicMerge':
      return toFix(
        'Convert to patches entries',
        moveEntries(file, root, pair, 'patches', strategicMergeEntries(file, pair)),
      );
    case 'commonLabels':
      return toFix(
        'Convert to labels with includeSelectors: true',
        commonLabelsEdits(file, root, pair),
      );
    default:
      return undefined;
  }
}

function toFix(title: string, edits: TextEdit[] | undefined): LintFix | undefined {
  return edits === undefined ? undefined : { title, edits };
}

/**
 * Renames the field when `target` is absent; otherwise appends its entries, reindented, to
 * the `target` sequence and deletes the field. `replacements` rewrite single entries on the way.
 */
function moveEntries(
  file: YamlFile,
  root: YAML.YAMLMap,
  pair: YAML.Pair,
  target: string,
  replacements: readonly OffsetReplacement[],
): TextEdit[] | undefined {
  const key = pair.key as YAML.Node;
  const value = pair.value as YAML.Node | null;
  if (!isBlockCollection(value) || !YAML.isSeq(value)) {
    return undefined;
  }

  const targetPair = findPair(root, target);
  if (targetPair === undefined) {
    const rename = replaceOffsets(file, key.range?.[0] ?? 0, key.range?.[1] ?? 0, target);
    const entries = replacements.map((replacement) =>
      replaceOffsets(file, replacement.start, replacement.end, replacement.text),
    );
    return [rename, ...entries];
  }

  const targetValue = targetPair.value as YAML.Node | null;
  if (!isBlockCollection(targetValue) || !YAML.isSeq(targetValue)) {
    return undefined;
  }
  const keyLineEnd = file.text.indexOf('\n', key.range?.[0] ?? 0) + 1;
  const end = valueEnd(file, value);
  const entriesText = replaceInSlice(file.text, keyLineEnd, end, replacements);
  const shift = columnOf(file, targetValue.range?.[0] ?? 0) - columnOf(file, value.range?.[0] ?? 0);

  return insertAndDelete(
    insertAfterLine(file, valueEnd(file, targetValue), reindent(entriesText, shift)),
    deleteLines(file, key.range?.[0] ?? 0, end),
  );
}

/** Joins an insertion and a deletion that start at the same place into one edit, so they cannot overlap. */
function insertAndDelete(insertion: TextEdit, deletion: TextEdit): TextEdit[] {
  const same =
    insertion.range.startLine === deletion.range.startLine &&
    insertion.range.startColumn === deletion.range.startColumn;
  if (!same) {
    return [insertion, deletion];
  }
  return [{ ...deletion, newText: insertion.newText }];
}

/** Each `patchesStrategicMerge` entry becomes `path: <file>` or, for an inline patch, `patch: |`. */
function strategicMergeEntries(file: YamlFile, pair: YAML.Pair): OffsetReplacement[] {
  const value = pair.value;
  if (!YAML.isSeq(value)) {
    return [];
  }

  const replacements: OffsetReplacement[] = [];
  for (const item of value.items) {
    if (!YAML.isScalar(item) || item.range === undefined || item.range === null) {
      continue;
    }
    const start = item.range[0];
    const end = valueEnd(file, item);
    const text = String(item.value);
    if (!text.includes('\n')) {
      replacements.push({ start, end, text: `path: ${file.text.slice(start, end)}` });
      continue;
    }
    const dashColumn = columnOf(file, start) - 2;
    replacements.push({ start, end, text: inlinePatchText(text, dashColumn + 4) });
  }
  return replacements;
}

function inlinePatchText(patch: string, indent: number): string {
  const keepsNewline = patch.endsWith('\n');
  const lines = (keepsNewline ? patch.slice(0, -1) : patch).split('\n');
  const body = lines.map((line) => (line === '' ? '' : ' '.repeat(indent) + line)).join('\n');
  return `patch: ${keepsNewline ? '|' : '|-'}\n${body}`;
}

/** The flag a `labels` entry converted from `commonLabels` sets to true. */
type LabelsOption = 'includeSelectors' | 'includeTemplates';

/**
 * Converts `commonLabels` to a `labels` entry with `includeTemplates: true`, which labels objects
 * and pod templates but leaves selectors as they are.
 */
export function labelsWithoutSelectorsFix(file: YamlFile, root: YAML.YAMLMap): LintFix | undefined {
  const pair = findPair(root, 'commonLabels');
  const edits =
    pair === undefined ? undefined : commonLabelsEdits(file, root, pair, 'includeTemplates');
  return toFix('Convert to labels that leave selectors alone', edits);
}

/**
 * `commonLabels: {a: b}` becomes one `labels` entry with `includeSelectors: true`, which keeps
 * today's behaviour: selectors of existing workloads are immutable, so dropping the label from
 * them would fail the next apply.
 */
function commonLabelsEdits(
  file: YamlFile,
  root: YAML.YAMLMap,
  pair: YAML.Pair,
  option: LabelsOption = 'includeSelectors',
): TextEdit[] | undefined {
  const key = pair.key as YAML.Node;
  const value = pair.value as YAML.Node | null;
  if (!YAML.isMap(value) || value.range === undefined || value.range === null) {
    return undefined;
  }

  const keyStart = key.range?.[0] ?? 0;
  const keyColumn = columnOf(file, keyStart);
  const labelsPair = findPair(root, 'labels');
  const labelsValue = labelsPair?.value as YAML.Node | null | undefined;
  const dashColumn =
    labelsValue === undefined ? keyColumn : columnOf(file, labelsValue?.range?.[0] ?? 0);
  const entry = labelsEntryText(file, value, dashColumn, option);

  if (labelsPair === undefined) {
    const newText = `labels:\n${entry}`;
    return [replaceOffsets(file, keyStart - keyColumn, valueEnd(file, value), newText)];
  }
  if (!isBlockCollection(labelsValue) || !YAML.isSeq(labelsValue)) {
    return undefined;
  }
  return insertAndDelete(
    insertAfterLine(file, valueEnd(file, labelsValue), entry),
    deleteLines(file, keyStart, valueEnd(file, value)),
  );
}

function labelsEntryText(
  file: YamlFile,
  value: YAML.YAMLMap,
  dashColumn: number,
  option: LabelsOption,
): string {
  const dash = ' '.repeat(dashColumn);
  const header = `${dash}- ${option}: true\n${dash}  pairs:`;
  const start = value.range?.[0] ?? 0;
  const end = valueEnd(file, value);
  if (value.flow === true || value.items.length === 0) {
    return `${header} ${file.text.slice(start, end)}`;
  }
  const firstLineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const body = file.text.slice(firstLineStart, end);
  return `${header}\n${reindent(body, dashColumn + 4 - columnOf(file, start))}`;
}
