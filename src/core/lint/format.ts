import * as path from 'node:path';
import type { LintDiagnostic } from './types';

/** One finding as the `lint --format json` output writes it; lines and columns are 1-based. */
export interface LintRecord {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: LintDiagnostic['severity'];
  readonly code: string;
  readonly message: string;
}

export function toRecord(diagnostic: LintDiagnostic): LintRecord {
  const range = diagnostic.range;
  return {
    file: diagnostic.file,
    line: range.startLine + 1,
    column: range.startColumn + 1,
    endLine: range.endLine + 1,
    endColumn: range.endColumn + 1,
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
  };
}

/** Formats findings as `file:line:column: severity code: message`, paths relative to `cwd`. */
export function formatText(diagnostics: readonly LintDiagnostic[], cwd: string): string {
  return diagnostics
    .map((diagnostic) => {
      const record = toRecord(diagnostic);
      const file = path.relative(cwd, record.file) || record.file;
      return `${file}:${record.line}:${record.column}: ${record.severity} ${record.code}: ${record.message}\n`;
    })
    .join('');
}
