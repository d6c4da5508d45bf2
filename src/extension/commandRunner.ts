import * as vscode from 'vscode';
import type { Log } from './log';
import { describeError } from './log';

/** Thrown by a command to end it quietly, for example when the user dismisses a quick pick. */
export class CommandCancelled extends Error {}

/**
 * Registers commands so that every failure is logged and shown once, with an "Open Log"
 * action, instead of surfacing as an unhandled rejection.
 */
export class CommandRunner {
  constructor(private readonly log: Log) {}

  register(id: string, handler: (...args: any[]) => unknown): vscode.Disposable {
    const componentLog = this.log.for('command');
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof CommandCancelled || error instanceof vscode.CancellationError) {
          return undefined;
        }
        componentLog.error(`${id} failed`, error);
        const action = await vscode.window.showErrorMessage(describeError(error), 'Open Log');
        if (action === 'Open Log') {
          this.log.show();
        }
        return undefined;
      }
    });
  }
}
