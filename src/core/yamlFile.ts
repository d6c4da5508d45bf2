import * as YAML from 'yaml';

/** A span in a text file. Lines and columns are 0-based; the end is exclusive. */
export interface SourceRange {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A YAML syntax problem, or a duplicate key, with its place in the file. */
export interface YamlProblem {
  readonly message: string;
  readonly code: string;
  readonly range: SourceRange;
  readonly severity: 'error' | 'warning';
}

/** A parsed YAML file that keeps every document and the offsets needed to point at lines. */
export interface YamlFile {
  readonly path: string;
  readonly text: string;
  readonly documents: readonly YAML.Document.Parsed[];
  readonly lineCounter: YAML.LineCounter;
  readonly problems: readonly YamlProblem[];
}

/** Larger files are not parsed: generated bundles of this size are not hand-edited overlays. */
export const maxYamlBytes = 5 * 1024 * 1024;

/**
 * Parses every document of a YAML file. Syntax errors and duplicate keys are collected,
 * not thrown, so one broken file never stops the rest of the workspace from loading.
 * Duplicate keys are reported because kustomize silently keeps the last one.
 */
export function parseYamlFile(path: string, text: string): YamlFile {
  const lineCounter = new YAML.LineCounter();
  const documents = YAML.parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: false,
    prettyErrors: false,
    keepSourceTokens: true,
  });
  const list = Array.isArray(documents) ? documents : [];
  const file: YamlFile = { path, text, documents: list, lineCounter, problems: [] };

  const problems: YamlProblem[] = [];
  for (const document of list) {
    for (const error of document.errors) {
      problems.push({
        message: firstLine(error.message),
        code: 'yaml-syntax',
        range: rangeOfOffsets(file, error.pos[0], error.pos[1]),
        severity: 'error',
      });
    }
    problems.push(...findDuplicateKeys(file, document));
  }

  return { ...file, problems };
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : message.slice(0, newline);
}

function findDuplicateKeys(file: YamlFile, document: YAML.Document.Parsed): YamlProblem[] {
  const problems: YamlProblem[] = [];
  YAML.visit(document, {
    Map(_key, map) {
      const seen = new Map<string, YAML.Pair>();
      for (const pair of map.items) {
        if (!YAML.isScalar(pair.key)) {
          continue;
        }
        const name = String(pair.key.value);
        const earlier = seen.get(name);
        if (earlier !== undefined) {
          const earlierLine = rangeOfNode(file, earlier.key as YAML.Node).startLine + 1;
          problems.push({
            message: `Duplicate key "${name}": the value at line ${earlierLine} is ignored and this one is used. Remove one of them.`,
            code: 'duplicate-key',
            range: rangeOfNode(file, pair.key),
            severity: 'warning',
          });
        }
        seen.set(name, pair);
      }
    },
  });
  return problems;
}

/** Converts character offsets of the file to a range. */
export function rangeOfOffsets(
  file: Pick<YamlFile, 'lineCounter'>,
  start: number,
  end: number,
): SourceRange {
  const from = file.lineCounter.linePos(start);
  const to = file.lineCounter.linePos(Math.max(start, end));
  return {
    startLine: from.line - 1,
    startColumn: from.col - 1,
    endLine: to.line - 1,
    endColumn: to.col - 1,
  };
}

/** Returns the range of a node's value, without trailing comments; the first line of the file when the node has no source position. */
export function rangeOfNode(
  file: Pick<YamlFile, 'lineCounter'>,
  node: YAML.Node | null | undefined,
): SourceRange {
  const range = node?.range;
  if (range === undefined || range === null) {
    return { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };
  }
  return rangeOfOffsets(file, range[0], range[1]);
}

/** Returns the range from a pair's key to the end of its value. */
export function rangeOfPair(file: Pick<YamlFile, 'lineCounter'>, pair: YAML.Pair): SourceRange {
  const key = pair.key as YAML.Node | null;
  const value = pair.value as YAML.Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
  const end = value?.range?.[1] ?? key?.range?.[1] ?? start;
  return rangeOfOffsets(file, start, end);
}

/** Finds the pair of a key in a map node, or undefined. */
export function findPair(node: unknown, key: string): YAML.Pair | undefined {
  if (!YAML.isMap(node)) {
    return undefined;
  }
  return node.items.find((pair) => YAML.isScalar(pair.key) && String(pair.key.value) === key);
}

/** Follows a path of map keys and sequence indexes; undefined when any step is missing. */
export function nodeAt(root: unknown, path: readonly (string | number)[]): YAML.Node | undefined {
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!YAML.isSeq(current)) {
        return undefined;
      }
      current = current.items[step];
    } else {
      current = findPair(current, step)?.value;
    }
  }
  return YAML.isNode(current) ? current : undefined;
}

/** Returns the plain string of a scalar node, or undefined for anything else. */
export function scalarString(node: unknown): string | undefined {
  if (!YAML.isScalar(node) || node.value === null || node.value === undefined) {
    return undefined;
  }
  return String(node.value);
}
