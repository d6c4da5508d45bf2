import * as vscode from 'vscode';
import type { LintDiagnostic, LintFix, LintSeverity } from '../../core/lint/types';
import type { SourceRange } from '../../core/yamlFile';

const severities: Record<LintSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.startLine, range.startColumn, range.endLine, range.endColumn);
}

/** Source label shown after each message in the Problems view. */
export const diagnosticSource = 'gitops';

export function toDiagnostic(finding: LintDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toRange(finding.range),
    finding.message,
    severities[finding.severity],
  );
  diagnostic.code = finding.code;
  diagnostic.source = diagnosticSource;
  if (finding.code === 'deprecated-field') {
    diagnostic.tags = [vscode.DiagnosticTag.Deprecated];
  }
  return diagnostic;
}

/** Turns a core fix into a quick-fix code action; new files are created before the edits apply. */
export function toCodeAction(fix: LintFix, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  const edit = new vscode.WorkspaceEdit();
  for (const file of fix.newFiles ?? []) {
    const uri = vscode.Uri.file(file.file);
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), file.text);
  }
  for (const change of fix.edits) {
    edit.replace(vscode.Uri.file(change.file), toRange(change.range), change.newText);
  }
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = fix.edits.length > 0 && (fix.newFiles ?? []).length === 0;
  return action;
}
