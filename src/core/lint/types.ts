import type { SourceRange } from '../yamlFile';

export type LintSeverity = 'error' | 'warning' | 'information' | 'hint';

/** A replacement of one range of a file; an empty range inserts. Lines and columns are 0-based. */
export interface TextEdit {
  readonly file: string;
  readonly range: SourceRange;
  readonly newText: string;
}

/** A quick fix: edits to existing files, and files to create with their full text. */
export interface LintFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly newFiles?: readonly { readonly file: string; readonly text: string }[];
}

/**
 * One finding. `code` is stable across releases so users can search for it; the message says
 * what is wrong, with which value, and what to do.
 */
export interface LintDiagnostic {
  readonly file: string;
  readonly range: SourceRange;
  readonly severity: LintSeverity;
  readonly code: string;
  readonly message: string;
  readonly fixes?: readonly LintFix[];
}

export const startOfFile: SourceRange = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };

/** Orders diagnostics by file, then position, then code, and drops exact repeats. */
export function sortAndDeduplicate(diagnostics: readonly LintDiagnostic[]): LintDiagnostic[] {
  const seen = new Set<string>();
  const unique: LintDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const key = diagnosticKey(diagnostic);
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(diagnostic);
    }
  }
  return unique.sort(compareDiagnostics);
}

function diagnosticKey(diagnostic: LintDiagnostic): string {
  const range = diagnostic.range;
  const position = `${range.startLine}:${range.startColumn}:${range.endLine}:${range.endColumn}`;
  return `${diagnostic.file}\u0000${position}\u0000${diagnostic.code}\u0000${diagnostic.message}`;
}

function compareDiagnostics(a: LintDiagnostic, b: LintDiagnostic): number {
  if (a.file !== b.file) {
    return a.file < b.file ? -1 : 1;
  }
  const byLine = a.range.startLine - b.range.startLine;
  const byColumn = a.range.startColumn - b.range.startColumn;
  return byLine || byColumn || a.code.localeCompare(b.code);
}
