/** A replacement of the characters from `start` to `end` (exclusive) by `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Applies non-overlapping edits. Insertions at the same offset keep the order in which they
 * appear in the list, so an entry's new keys land before entries appended after it. An
 * insertion at the start of a removed range lands where that range was.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const isInsertion = (edit: TextEdit): number => (edit.start === edit.end ? 1 : 0);
  const ordered = edits
    .map((edit, order) => ({ edit, order }))
    .sort(
      (a, b) =>
        b.edit.start - a.edit.start ||
        isInsertion(a.edit) - isInsertion(b.edit) ||
        b.order - a.order,
    );

  let result = text;
  for (const { edit } of ordered) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** Returns the offset where the line containing `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Returns the offset just after the newline that ends the line containing `offset`, or the text length. */
export function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** Returns the column of an offset within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Returns the line break the file uses: CRLF when its first line break is one, else LF. */
export function lineBreakOf(text: string): string {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * Builds the text that inserts `lines` at `offset`. At the end of a file without a final line
 * break, the break goes before the lines instead of after them, so the file keeps that style.
 */
export function insertLines(
  text: string,
  offset: number,
  lines: readonly string[],
  lineBreak: string,
): TextEdit {
  const atUnterminatedEnd = offset === text.length && text.length > 0 && !text.endsWith('\n');
  const body = atUnterminatedEnd
    ? lines.map((line) => lineBreak + line).join('')
    : lines.map((line) => line + lineBreak).join('');
  return { start: offset, end: offset, text: body };
}
