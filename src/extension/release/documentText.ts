import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { writeFileAtomically } from '../../core/images/file';

/** Returns the open document of a file, or undefined when no editor has it loaded. */
export function openDocumentOf(file: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => {
    return document.uri.scheme === 'file' && document.uri.fsPath === file;
  });
}

function isInTab(file: string): boolean {
  return vscode.window.tabGroups.all.some((group) => {
    return group.tabs.some(
      (tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath === file,
    );
  });
}

/** Returns the open document's text, unsaved edits included, else the file on disk. */
export function currentText(file: string): string {
  return openDocumentOf(file)?.getText() ?? readFileSync(file, 'utf8');
}

/** Throws when the file has unsaved changes, which a commit of the disk content would miss. */
export function assertSaved(file: string, action: string): void {
  if (openDocumentOf(file)?.isDirty === true) {
    const next = `save or revert them before you ${action}`;
    throw new Error(`${file} has unsaved changes; ${next}. Nothing was changed.`);
  }
}

/**
 * Writes new text for a file. An open document gets a WorkspaceEdit that replaces only the
 * changed span, so the change can be undone and the rest of the buffer is untouched, and the
 * document is left unsaved. A file no editor has open is replaced atomically on disk.
 */
export async function writeText(
  file: string,
  oldText: string,
  newText: string,
): Promise<'buffer' | 'disk'> {
  const document = openDocumentOf(file);
  // A document VS Code merely keeps loaded, with no tab and no unsaved text, would hide the edit
  // from the user. The disk write is reloaded into it instead.
  if (document === undefined || (!document.isDirty && !isInTab(file))) {
    writeFileAtomically(file, newText);
    return 'disk';
  }
  if (document.getText() !== oldText) {
    throw new Error(`${file} changed while the edit was prepared; run the command again`);
  }

  const span = changedSpan(oldText, newText);
  const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.oldEnd));
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, newText.slice(span.start, span.newEnd));
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`VS Code did not apply the edit to ${file}; the document may be read-only`);
  }
  return 'buffer';
}

/** Finds the part between the common prefix and the common suffix of two texts. */
function changedSpan(oldText: string, newText: string) {
  let start = 0;
  while (start < oldText.length && start < newText.length && oldText[start] === newText[start]) {
    start++;
  }
  let tail = 0;
  while (
    tail < oldText.length - start &&
    tail < newText.length - start &&
    oldText[oldText.length - 1 - tail] === newText[newText.length - 1 - tail]
  ) {
    tail++;
  }
  return { start, oldEnd: oldText.length - tail, newEnd: newText.length - tail };
}
