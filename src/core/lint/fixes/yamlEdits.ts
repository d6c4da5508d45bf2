import * as YAML from 'yaml';
import type { SourceRange, YamlFile } from '../../yamlFile';
import { rangeOfOffsets } from '../../yamlFile';
import type { TextEdit } from '../types';

/** A replacement inside a file, by character offsets. */
export interface OffsetReplacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The offset just after the last non-blank character of a node's value. */
export function valueEnd(file: YamlFile, node: YAML.Node): number {
  let end = node.range?.[1] ?? 0;
  while (end > 0 && /\s/.test(file.text.charAt(end - 1))) {
    end--;
  }
  return end;
}

/** Column of an offset in its line. */
export function columnOf(file: YamlFile, offset: number): number {
  return file.lineCounter.linePos(offset).col - 1;
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Applies replacements, given in offsets of the whole file, to the slice `[from, to)`. */
export function replaceInSlice(
  text: string,
  from: number,
  to: number,
  replacements: readonly OffsetReplacement[],
): string {
  let result = '';
  let cursor = from;
  const sorted = [...replacements].sort((a, b) => a.start - b.start);
  for (const replacement of sorted) {
    result += text.slice(cursor, replacement.start) + replacement.text;
    cursor = replacement.end;
  }
  return result + text.slice(cursor, to);
}

/** Moves every line of `text` right by `shift` columns, or left when negative (only over spaces). */
export function reindent(text: string, shift: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.trim() === '') {
        return line;
      }
      if (shift >= 0) {
        return ' '.repeat(shift) + line;
      }
      const spaces = line.length - line.trimStart().length;
      return line.slice(Math.min(spaces, -shift));
    })
    .join('\n');
}

/** An edit that deletes whole lines from the line of `start` through the line of `end`. */
export function deleteLines(file: YamlFile, start: number, end: number): TextEdit {
  const from = lineStart(file.text, start);
  const newline = file.text.indexOf('\n', end);
  const to = newline === -1 ? file.text.length : newline + 1;
  return { file: file.path, range: rangeOfOffsets(file, from, to), newText: '' };
}

/** An edit that inserts text after the line holding `offset`. */
export function insertAfterLine(file: YamlFile, offset: number, text: string): TextEdit {
  const newline = file.text.indexOf('\n', offset);
  if (newline === -1) {
    const end = file.text.length;
    return { file: file.path, range: rangeOfOffsets(file, end, end), newText: `\n${text}` };
  }
  return {
    file: file.path,
    range: rangeOfOffsets(file, newline + 1, newline + 1),
    newText: `${text}\n`,
  };
}

/** An edit that replaces the text between two offsets. */
export function replaceOffsets(
  file: YamlFile,
  start: number,
  end: number,
  newText: string,
): TextEdit {
  return { file: file.path, range: rangeOfOffsets(file, start, end), newText };
}

/** True for a sequence or map written in block style, one entry per line. */
export function isBlockCollection(node: unknown): node is YAML.YAMLSeq | YAML.YAMLMap {
  return (YAML.isSeq(node) || YAML.isMap(node)) && node.flow !== true && node.items.length > 0;
}

/** Range of a whole pair, for placing diagnostics on a field. */
export function keyRange(file: YamlFile, pair: YAML.Pair): SourceRange {
  const key = pair.key as YAML.Node;
  return rangeOfOffsets(file, key.range?.[0] ?? 0, key.range?.[1] ?? 0);
}
