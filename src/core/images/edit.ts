import { isDeepStrictEqual } from 'node:util';
import * as YAML from 'yaml';
import { applySetImage, entryForRequest, type ImageEntry } from './entries';
import { blockEntryLines, deleteEntry, flowEntryText, mappingEnd, updateEntry } from './entryEdits';
import {
  isNullScalar,
  parseKustomizationDocument,
  readImagesSection,
  type ImageEntryNode,
  type ImagesSection,
} from './section';
import type { SetImageRequest } from './setImageArgs';
import {
  applyTextEdits,
  columnOf,
  insertLines,
  lineBreakOf,
  lineEnd,
  type TextEdit,
} from './textEdits';

/** The effect of one set-image request on the file. */
export interface ImageChange {
  readonly name: string;
  readonly kind: 'updated' | 'added' | 'unchanged';
  readonly before: ImageEntry | undefined;
  readonly after: ImageEntry;
  /** 1-based lines of later entries with the same name that were removed. */
  readonly removedDuplicateLines: readonly number[];
}

/** The result of editing the image list of a kustomization text. */
export interface SetImageResult {
  readonly text: string;
  readonly changed: boolean;
  readonly before: readonly ImageEntry[];
  readonly after: readonly ImageEntry[];
  readonly changes: readonly ImageChange[];
  /** Fields of entries the requests did not touch, whose values YAML reads as numbers or booleans. */
  readonly nonStringFields: readonly {
    readonly name: string;
    readonly field: string;
    readonly line: number;
  }[];
}

/**
 * Applies `kustomize edit set image` requests to kustomization text in place. Unlike kustomize,
 * nothing outside the changed entries moves: comments, key order, quoting and the order of
 * entries are kept, new entries are appended, and `images:` is created at the end when absent.
 * The result is parsed again and checked against the expected fields before it is returned.
 */
export function setImagesInText(
  path: string,
  text: string,
  requests: readonly SetImageRequest[],
): SetImageResult {
  const document = parseKustomizationDocument(path, text);
  const section = readImagesSection(path, text, document);
  const lineBreak = lineBreakOf(text);
  const edits: TextEdit[] = [];
  const changes: ImageChange[] = [];
  const added: ImageEntry[] = [];

  for (const request of requests) {
    const matching = section.entries.filter((node) => node.entry.name === request.name);
    const change = changeFor(request, matching);
    changes.push(change);
    if (change.kind === 'added') {
      added.push(change.after);
    }
    edits.push(...editsForMatches(text, lineBreak, matching, change.after));
  }
  edits.push(...appendEntries(text, lineBreak, section, added));

  const newText = applyTextEdits(text, edits);
  const before = section.entries.map((node) => node.entry);
  const after = applySetImage(before, requests);
  verifyEdit({ path, document, section, text, newText, edits }, after);

  return {
    text: newText,
    changed: newText !== text,
    before,
    after,
    changes,
    nonStringFields: untouchedNonStringFields(section, requests),
  };
}

function changeFor(request: SetImageRequest, matching: readonly ImageEntryNode[]): ImageChange {
  const first = matching[0];
  const after = entryForRequest(request, first?.entry);
  const removedDuplicateLines = matching.slice(1).map((node) => node.line + 1);
  if (first === undefined) {
    return { name: request.name, kind: 'added', before: undefined, after, removedDuplicateLines };
  }

  const same = isDeepStrictEqual(first.entry, after) && first.nonStringFields.length === 0;
  const kind = same && removedDuplicateLines.length === 0 ? 'unchanged' : 'updated';
  return { name: request.name, kind, before: first.entry, after, removedDuplicateLines };
}

function editsForMatches(
  text: string,
  lineBreak: string,
  matching: readonly ImageEntryNode[],
  desired: ImageEntry,
): TextEdit[] {
  const [first, ...duplicates] = matching;
  if (first === undefined) {
    return [];
  }
  return [
    ...updateEntry(text, lineBreak, first, desired),
    ...duplicates.map((node) => deleteEntry(text, node)),
  ];
}

function appendEntries(
  text: string,
  lineBreak: string,
  section: ImagesSection,
  added: readonly ImageEntry[],
): TextEdit[] {
  if (added.length === 0) {
    return [];
  }

  const sequence = section.sequence;
  if (sequence?.flow === true) {
    return [appendToFlowSequence(text, sequence, added)];
  }
  const last = sequence?.items.at(-1);
  if (sequence !== undefined && YAML.isMap(last)) {
    const dashColumn = columnOf(text, sequence.range?.[0] ?? 0);
    const firstItem = sequence.items[0] as YAML.YAMLMap;
    const keyColumn =
      firstItem.flow === true ? dashColumn + 2 : columnOf(text, firstItem.range?.[0] ?? 0);
    const lines = added.flatMap((entry) => blockEntryLines(entry, dashColumn, keyColumn));
    return [insertLines(text, lineEnd(text, Math.max(0, mappingEnd(last) - 1)), lines, lineBreak)];
  }
  if (section.pair !== undefined) {
    return fillEmptyField(text, lineBreak, section, added);
  }
  return [createField(text, lineBreak, section, added)];
}

function appendToFlowSequence(
  text: string,
  sequence: YAML.YAMLSeq,
  added: readonly ImageEntry[],
): TextEdit {
  const close = text.lastIndexOf(']', (sequence.range?.[1] ?? 1) - 1);
  const separator = sequence.items.length > 0 ? ', ' : '';
  return { start: close, end: close, text: separator + added.map(flowEntryText).join(', ') };
}

/** Writes entries under an `images:` key that has no value, `~` or `null`. */
function fillEmptyField(
  text: string,
  lineBreak: string,
  section: ImagesSection,
  added: readonly ImageEntry[],
): TextEdit[] {
  const pair = section.pair as YAML.Pair;
  const key = pair.key as YAML.Node;
  const value = pair.value as YAML.Node | null;
  const edits: TextEdit[] = [];
  if (
    isNullScalar(value) &&
    value?.range !== undefined &&
    value.range !== null &&
    value.range[0] < value.range[1]
  ) {
    edits.push({ start: value.range[0], end: value.range[1], text: '' });
  }

  const dashColumn = columnOf(text, key.range?.[0] ?? 0) + sequenceIndent(text, section.root);
  const lines = added.flatMap((entry) => blockEntryLines(entry, dashColumn, dashColumn + 2));
  edits.push(insertLines(text, lineEnd(text, key.range?.[1] ?? 0), lines, lineBreak));
  return edits;
}

function createField(
  text: string,
  lineBreak: string,
  section: ImagesSection,
  added: readonly ImageEntry[],
): TextEdit {
  const dashColumn = sequenceIndent(text, section.root);
  const lines = [
    `${section.key}:`,
    ...added.flatMap((entry) => blockEntryLines(entry, dashColumn, dashColumn + 2)),
  ];
  return insertLines(text, text.length, lines, lineBreak);
}

/** Returns how far the file indents block sequences under their key: 0 (kustomize's style) unless another list shows otherwise. */
function sequenceIndent(text: string, root: YAML.YAMLMap | undefined): number {
  for (const pair of root?.items ?? []) {
    const value = pair.value;
    const key = pair.key as YAML.Node | null;
    if (
      YAML.isSeq(value) &&
      value.flow !== true &&
      value.range !== undefined &&
      value.range !== null
    ) {
      return columnOf(text, value.range[0]) - columnOf(text, key?.range?.[0] ?? 0);
    }
  }
  return 0;
}

function untouchedNonStringFields(
  section: ImagesSection,
  requests: readonly SetImageRequest[],
): SetImageResult['nonStringFields'] {
  const requested = new Set(requests.map((request) => request.name));
  return section.entries
    .filter((node) => !requested.has(node.entry.name))
    .flatMap((node) =>
      node.nonStringFields.map((field) => ({ name: node.entry.name, field, line: node.line + 1 })),
    );
}

interface EditToVerify {
  readonly path: string;
  readonly document: YAML.Document;
  readonly section: ImagesSection;
  readonly text: string;
  readonly newText: string;
  readonly edits: readonly TextEdit[];
}

/**
 * Parses the edited image list again and throws unless it contains exactly the expected
 * entries and nothing else changed. When every edit lies in the lines of a top-level image
 * list, only those lines are parsed again and the rest is compared byte for byte, which keeps
 * large files fast. Otherwise the whole file is parsed and compared.
 */
function verifyEdit(edit: EditToVerify, expected: readonly ImageEntry[]): void {
  const region = sectionRegion(edit.text, edit.section);
  const inside =
    region !== undefined &&
    edit.edits.every((change) => change.start >= region.start && change.end <= region.end);
  if (region === undefined || !inside) {
    verifyWholeFile(edit, expected);
    return;
  }

  const growth = edit.newText.length - edit.text.length;
  const prefixKept = edit.newText.startsWith(edit.text.slice(0, region.start));
  const suffixKept = edit.newText.endsWith(edit.text.slice(region.end));
  const snippet = edit.newText.slice(region.start, region.end + growth);
  let actual: ImageEntry[] | undefined;
  try {
    const document = parseKustomizationDocument(edit.path, snippet);
    actual = readImagesSection(edit.path, snippet, document).entries.map((node) => node.entry);
  } catch {
    actual = undefined;
  }
  if (!prefixKept || !suffixKept || actual === undefined) {
    verifyWholeFile(edit, expected);
    return;
  }
  assertEntries(edit.path, actual, expected);
}

/** Returns the offsets of the lines of a top-level image list, or undefined when it is indented. */
function sectionRegion(
  text: string,
  section: ImagesSection,
): { start: number; end: number } | undefined {
  const key = section.pair?.key as YAML.Node | undefined;
  if (key === undefined) {
    return { start: text.length, end: text.length };
  }
  const keyStart = key.range?.[0] ?? 0;
  if (columnOf(text, keyStart) !== 0) {
    return undefined;
  }

  const value = section.pair?.value as YAML.Node | null | undefined;
  const last = section.sequence?.items.at(-1);
  const valueEnd =
    section.sequence?.flow !== true && YAML.isMap(last)
      ? mappingEnd(last)
      : (value?.range?.[1] ?? 0);
  const end = lineEnd(text, Math.max(key.range?.[1] ?? 0, valueEnd) - 1);
  return { start: keyStart, end };
}

function verifyWholeFile(edit: EditToVerify, expected: readonly ImageEntry[]): void {
  const document = parseKustomizationDocument(edit.path, edit.newText);
  const section = readImagesSection(edit.path, edit.newText, document);
  assertEntries(
    edit.path,
    section.entries.map((node) => node.entry),
    expected,
  );

  const withoutImages = (value: unknown): unknown => {
    if (value === null || value === undefined) {
      return {};
    }
    if (typeof value !== 'object') {
      return value;
    }
    const { images: _images, imageTags: _imageTags, ...rest } = value as Record<string, unknown>;
    return rest;
  };
  if (!isDeepStrictEqual(withoutImages(edit.document.toJS()), withoutImages(document.toJS()))) {
    throw new Error(
      `${edit.path}: the edit changed fields other than the image list; the file was not written`,
    );
  }
}

function assertEntries(
  path: string,
  actual: readonly ImageEntry[],
  expected: readonly ImageEntry[],
): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(
      `${path}: the edited image list does not read back as expected; the file was not written`,
    );
  }
}
