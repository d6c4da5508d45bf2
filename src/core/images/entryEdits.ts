import * as YAML from 'yaml';
import { findPair } from '../yamlFile';
import { valueFields, type ImageEntry, type ValueField } from './entries';
import { formatScalar, quoteStyleOf } from './scalar';
import type { ImageEntryNode } from './section';
import { columnOf, insertLines, lineEnd, lineStart, type TextEdit } from './textEdits';

const fieldRank: Readonly<Record<string, number>> = {
  name: 0,
  newName: 1,
  newTag: 2,
  digest: 3,
  tagSuffix: 4,
};

/** Writes one entry as block-mapping lines, `name` first; the first line carries the `- `. */
export function blockEntryLines(
  entry: ImageEntry,
  dashColumn: number,
  keyColumn: number,
): string[] {
  const pairs = entryPairs(entry);
  return pairs.map((pair, index) => {
    const prefix =
      index === 0
        ? ' '.repeat(dashColumn) + '-' + ' '.repeat(keyColumn - dashColumn - 1)
        : ' '.repeat(keyColumn);
    return prefix + pair;
  });
}

/** Writes one entry as a flow mapping such as `{name: myapp, newTag: "2"}`. */
export function flowEntryText(entry: ImageEntry): string {
  return `{${entryPairs(entry).join(', ')}}`;
}

function entryPairs(entry: ImageEntry): string[] {
  const pairs = [`name: ${formatScalar(entry.name)}`];
  for (const field of valueFields) {
    const value = entry[field];
    if (value !== undefined) {
      pairs.push(`${field}: ${formatScalar(value)}`);
    }
  }
  return pairs;
}

/** Returns the offset just after the last key or value of a mapping, before any trailing comment. */
export function mappingEnd(map: YAML.YAMLMap): number {
  if (map.flow === true) {
    return map.range?.[1] ?? 0;
  }

  let end = map.range?.[0] ?? 0;
  for (const pair of map.items) {
    const key = pair.key as YAML.Node | null;
    const value = pair.value as YAML.Node | null;
    end = Math.max(end, key?.range?.[1] ?? 0, value?.range?.[1] ?? 0);
  }
  return end;
}

/** Removes an entry with its whole lines, leaving comments on other lines in place. */
export function deleteEntry(text: string, node: ImageEntryNode): TextEdit {
  const start = lineStart(text, node.node.range?.[0] ?? 0);
  const end = lineEnd(text, Math.max(start, mappingEnd(node.node) - 1));
  return { start, end, text: '' };
}

/**
 * Builds the edits that turn an entry into `desired` while keeping its key order, quoting,
 * comments and unknown keys. A value is rewritten only when it changes or when YAML would not
 * read it as a string. A flow mapping that gains or loses keys, or a block mapping that loses
 * its first key, is written anew because there is no single line to insert or remove.
 */
export function updateEntry(
  text: string,
  lineBreak: string,
  node: ImageEntryNode,
  desired: ImageEntry,
): TextEdit[] {
  const map = node.node;
  const edits: TextEdit[] = [];
  const insertions = new Map<number, string[]>();
  let needsRewrite = false;

  for (const field of valueFields) {
    const pair = findPair(map, field);
    const wanted = desired[field];
    if (pair !== undefined && wanted !== undefined) {
      edits.push(...replaceValue(node, field, pair, wanted));
    } else if (pair !== undefined) {
      needsRewrite ||= map.flow === true || map.items[0] === pair;
      edits.push(deletePair(text, pair));
    } else if (wanted !== undefined) {
      needsRewrite ||= map.flow === true;
      addInsertion(insertions, text, map, field, wanted);
    }
  }

  if (needsRewrite) {
    return [rewriteEntry(text, lineBreak, map, desired)];
  }
  for (const [offset, lines] of insertions) {
    edits.push(insertLines(text, offset, lines, lineBreak));
  }
  return edits;
}

function replaceValue(
  node: ImageEntryNode,
  field: ValueField,
  pair: YAML.Pair,
  wanted: string,
): TextEdit[] {
  const value = pair.value as YAML.Node | null;
  const unchanged = node.entry[field] === wanted && !node.nonStringFields.includes(field);
  if (unchanged) {
    return [];
  }

  const key = pair.key as YAML.Node;
  const valueRange = value?.range;
  if (valueRange === undefined || valueRange === null || valueRange[0] === valueRange[1]) {
    const afterKey = key.range?.[1] ?? 0;
    return [
      { start: afterKey, end: valueRange?.[1] ?? afterKey, text: `: ${formatScalar(wanted)}` },
    ];
  }

  const style = node.nonStringFields.includes(field) ? 'double' : quoteStyleOf(value);
  return [{ start: valueRange[0], end: valueRange[1], text: formatScalar(wanted, style) }];
}

function deletePair(text: string, pair: YAML.Pair): TextEdit {
  const key = pair.key as YAML.Node;
  const value = pair.value as YAML.Node | null;
  const start = lineStart(text, key.range?.[0] ?? 0);
  const last = value?.range?.[1] ?? key.range?.[1] ?? start;
  return { start, end: lineEnd(text, Math.max(start, last - 1)), text: '' };
}

function addInsertion(
  insertions: Map<number, string[]>,
  text: string,
  map: YAML.YAMLMap,
  field: ValueField,
  wanted: string,
): void {
  const rank = fieldRank[field] ?? 0;
  let predecessor: YAML.Pair | undefined;
  for (const pair of map.items) {
    const name = YAML.isScalar(pair.key) ? String(pair.key.value) : '';
    const pairRank = fieldRank[name];
    if (pairRank !== undefined && pairRank < rank) {
      predecessor = pair;
    }
  }

  const anchor = predecessor ?? map.items[0];
  const anchorEnd =
    (anchor?.value as YAML.Node | null)?.range?.[1] ??
    (anchor?.key as YAML.Node | null)?.range?.[1] ??
    0;
  const offset = lineEnd(text, Math.max(0, anchorEnd - 1));
  const keyColumn = columnOf(text, (map.items[0]?.key as YAML.Node | null)?.range?.[0] ?? 0);
  const lines = insertions.get(offset) ?? [];
  lines.push(`${' '.repeat(keyColumn)}${field}: ${formatScalar(wanted)}`);
  insertions.set(offset, lines);
}

function rewriteEntry(
  text: string,
  lineBreak: string,
  map: YAML.YAMLMap,
  desired: ImageEntry,
): TextEdit {
  const start = map.range?.[0] ?? 0;
  const end = mappingEnd(map);
  if (map.flow === true) {
    return { start, end, text: flowEntryText(desired) };
  }

  // NOTE: comments inside the entry are lost here; this path only runs when the entry's first key is removed.
  const keyColumn = columnOf(text, start);
  const lines = blockEntryLines(desired, 0, 2).map((line, index) =>
    index === 0 ? line.slice(2) : ' '.repeat(keyColumn) + line.slice(2),
  );
  return { start, end, text: lines.join(lineBreak) };
}
