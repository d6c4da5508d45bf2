import * as vscode from 'vscode';
import type { SourceRange } from '../../core/yamlFile';

/** Returns a `vscode.open` command that opens `file` with a 0-based range selected. */
export function openFileCommand(file: string, range?: SourceRange): vscode.Command {
  const options: vscode.TextDocumentShowOptions =
    range === undefined ? {} : { selection: toVscodeRange(range) };
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.file(file), options] };
}

/** Returns a command that opens `file` at a 1-based line, as kustomize numbers lines. */
export function openFileAtLineCommand(file: string, line: number | undefined): vscode.Command {
  if (line === undefined) {
    return openFileCommand(file);
  }
  const zeroBased = Math.max(0, line - 1);
  const range = { startLine: zeroBased, startColumn: 0, endLine: zeroBased, endColumn: 0 };
  return openFileCommand(file, range);
}

export function toVscodeRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.startLine, range.startColumn, range.endLine, range.endColumn);
}
