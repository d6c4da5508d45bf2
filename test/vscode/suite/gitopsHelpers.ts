import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import { extensionId } from '../../../src/extension/ids';

/** Environment folder names of the parcel-tracker example, in promotion order. */
export const exampleEnvironments = ['01-dev', '02-qa', '03-production'];

/** Activates the extension and waits for its first workspace load. */
export async function gitopsApi(): Promise<GitOpsTestApi> {
  const extension = vscode.extensions.getExtension<GitOpsTestApi>(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

/** True when the open workspace is the parcel-tracker example made by scripts/make-examples.sh. */
export function isExampleWorkspace(api: GitOpsTestApi): boolean {
  return exampleEnvironments.every((name) => {
    return api.model().findEnvironment(name)?.dir.includes('tracker-cd') === true;
  });
}

/** Calls `read` every 25 ms until `accept` returns true for its value or `timeoutMs` passes. */
export async function waitFor<T>(
  read: () => T,
  accept: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = read();
  }
  return value;
}

/**
 * Puts a document back to `savedText` and saves it, so a test leaves no unsaved edit behind.
 * Replacing the text is more reliable here than the revert command, which needs focus.
 */
export async function restore(document: vscode.TextDocument, savedText: string): Promise<void> {
  if (document.getText() !== savedText) {
    const edit = new vscode.WorkspaceEdit();
    const end = document.lineAt(document.lineCount - 1).range.end;
    edit.replace(document.uri, new vscode.Range(new vscode.Position(0, 0), end), savedText);
    await vscode.workspace.applyEdit(edit);
  }
  if (document.isDirty) {
    await document.save();
  }
}
