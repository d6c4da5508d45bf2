import * as vscode from 'vscode';
import type { ImageWarning } from '../../core/images/warnings';
import { CommandCancelled } from '../commandRunner';

export const applyAnyway = 'Apply Anyway';

/**
 * Shows the warnings of an edit in a non-modal warning message and returns when the user
 * chooses "Apply Anyway". Any other choice, including closing the message, cancels the command.
 */
export async function confirmWarnings(
  warnings: readonly ImageWarning[],
  file: string,
): Promise<void> {
  if (warnings.length === 0) {
    return;
  }
  const list = warnings.map((warning) => warning.message).join(' · ');
  const text = `${vscode.workspace.asRelativePath(file)}: ${list}`;
  const choice = await vscode.window.showWarningMessage(text, applyAnyway, 'Cancel');
  if (choice !== applyAnyway) {
    throw new CommandCancelled();
  }
}
