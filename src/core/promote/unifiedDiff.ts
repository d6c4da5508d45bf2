type Operation = { readonly kind: ' ' | '-' | '+'; readonly line: string };

/**
 * Formats a unified diff (`diff -u` layout, 3 lines of context) between two texts. Returns an
 * empty string when they are equal. The common head and tail are trimmed before the
 * quadratic line comparison, so an edit of a few lines in a large file stays cheap.
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  oldLabel: string,
  newLabel: string,
  context = 3,
): string {
  if (oldText === newText) {
    return '';
  }
  const operations = diffLines(splitLines(oldText), splitLines(newText));
  const hunks = formatHunks(operations, context);
  return [`--- ${oldLabel}`, `+++ ${newLabel}`, ...hunks].join('\n') + '\n';
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') {
    lines.pop();
  } else if (lines.length > 0) {
    lines[lines.length - 1] += '\n\\ No newline at end of file';
  }
  return lines;
}

function diffLines(a: readonly string[], b: readonly string[]): Operation[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) {
    head++;
  }
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }

  const middle = diffMiddle(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const same = (line: string): Operation => ({ kind: ' ', line });
  return [...a.slice(0, head).map(same), ...middle, ...a.slice(a.length - tail).map(same)];
}

/** Longest-common-subsequence diff of the differing middle part. */
function diffMiddle(a: readonly string[], b: readonly string[]): Operation[] {
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const index = i * width + j;
      const below = lengths[index + width] ?? 0;
      const right = lengths[index + 1] ?? 0;
      lengths[index] =
        a[i] === b[j] ? (lengths[index + width + 1] ?? 0) + 1 : Math.max(below, right);
    }
  }

  const operations: Operation[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      operations.push({ kind: ' ', line: a[i++] ?? '' });
      j++;
    } else if (
      j < b.length &&
      (i === a.length || (lengths[i * width + j + 1] ?? 0) >= (lengths[(i + 1) * width + j] ?? 0))
    ) {
      operations.push({ kind: '+', line: b[j++] ?? '' });
    } else {
      operations.push({ kind: '-', line: a[i++] ?? '' });
    }
  }
  return reorderRemovalsFirst(operations);
}

/** Puts the removals of each changed block before its additions, as `diff -u` prints them. */
function reorderRemovalsFirst(operations: readonly Operation[]): Operation[] {
  const result: Operation[] = [];
  let block: Operation[] = [];
  const flush = (): void => {
    result.push(
      ...block.filter((operation) => operation.kind === '-'),
      ...block.filter((operation) => operation.kind === '+'),
    );
    block = [];
  };
  for (const operation of operations) {
    if (operation.kind === ' ') {
      flush();
      result.push(operation);
    } else {
      block.push(operation);
    }
  }
  flush();
  return result;
}

function formatHunks(operations: readonly Operation[], context: number): string[] {
  const changed = operations
    .map((operation, index) => (operation.kind === ' ' ? -1 : index))
    .filter((index) => index >= 0);
  const lines: string[] = [];
  let cursor = 0;

  while (cursor < changed.length) {
    const first = changed[cursor] ?? 0;
    let last = first;
    while (cursor + 1 < changed.length && (changed[cursor + 1] ?? 0) - last <= 2 * context) {
      last = changed[++cursor] ?? last;
    }
    cursor++;
    lines.push(
      ...formatHunk(
        operations,
        Math.max(0, first - context),
        Math.min(operations.length, last + context + 1),
      ),
    );
  }
  return lines;
}

function formatHunk(operations: readonly Operation[], start: number, end: number): string[] {
  const before = operations.slice(0, start);
  const oldStart = before.filter((operation) => operation.kind !== '+').length + 1;
  const newStart = before.filter((operation) => operation.kind !== '-').length + 1;
  const hunk = operations.slice(start, end);
  const oldCount = hunk.filter((operation) => operation.kind !== '+').length;
  const newCount = hunk.filter((operation) => operation.kind !== '-').length;

  const header = `@@ -${rangeText(oldStart, oldCount)} +${rangeText(newStart, newCount)} @@`;
  return [header, ...hunk.map((operation) => operation.kind + operation.line)];
}

function rangeText(start: number, count: number): string {
  if (count === 0) {
    return `${start - 1},0`;
  }
  return count === 1 ? `${start}` : `${start},${count}`;
}
