import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RenderFunction } from '../../core/dashboard/compare';
import { compareEnvironments } from '../../core/dashboard/compare';
import { actionCommands } from '../../core/dashboard/snapshot';
import type { WorkspaceModel } from '../../core/workspace/model';
import type { DashboardAction, FromPageMessage } from '../../shared/dashboardProtocol';
import type { DashboardFeed } from './dashboardFeed';
import type { DashboardPanel } from './dashboardPanel';

export interface PageRequestContext {
  readonly model: () => WorkspaceModel;
  readonly render: RenderFunction;
  readonly feed: DashboardFeed;
}

/**
 * Carries out one request of the page. Actions run the editor's own commands, so the dashboard
 * shows the same plans, diffs and confirmations as the command palette. After a command that may
 * edit files or commit, the git history is read again.
 */
export async function handlePageRequest(
  context: PageRequestContext,
  message: FromPageMessage,
  panel: DashboardPanel,
): Promise<void> {
  switch (message.type) {
    case 'ready':
      return;
    case 'promote':
      return runAction(context, 'promote', [text(message.source), text(message.target)]);
    case 'setImageTag':
      return runAction(context, 'setImageTag', [{ dir: text(message.environment), image: text(message.image) }]);
    case 'openPreview':
      return runAction(context, 'openPreview', [{ dir: text(message.environment) }]);
    case 'diffApplication':
      return runAction(context, 'diffApplication', [{ name: text(message.application), file: text(message.file) }]);
    case 'rollbackTag': {
      const target = { dir: text(message.environment), image: text(message.image), value: text(message.value) };
      return runAction(context, 'rollbackTag', [target]);
    }
    case 'compare':
      return compare(context, panel, text(message.left), text(message.right));
    case 'openFile':
      return openFile(context.model(), text(message.file), message.line);
  }
}

/** Rejects non-string fields, which only a page outside the protocol could send. */
function text(value: unknown): string {
  if (typeof value !== 'string') {
    throw new Error(`invalid dashboard message: expected a string, got ${typeof value}`);
  }
  return value;
}

const commandsThatEdit: ReadonlySet<DashboardAction> = new Set(['promote', 'setImageTag', 'rollbackTag']);

async function runAction(context: PageRequestContext, action: DashboardAction, args: unknown[]): Promise<void> {
  const command = actionCommands[action];
  const available = await vscode.commands.getCommands(true);
  if (!available.includes(command)) {
    void vscode.window.showInformationMessage(`The command ${command} is not available in this version.`);
    return;
  }

  await vscode.commands.executeCommand(command, ...args);
  if (commandsThatEdit.has(action)) {
    await context.feed.refresh(true);
  }
}

async function compare(context: PageRequestContext, panel: DashboardPanel, leftDir: string, rightDir: string) {
  const model = context.model();
  const left = model.findEnvironment(leftDir);
  const right = model.findEnvironment(rightDir);
  if (left === undefined || right === undefined) {
    const missing = left === undefined ? leftDir : rightDir;
    throw new Error(`environment ${missing} not found; refresh the dashboard and pick it again`);
  }

  await panel.post({ type: 'comparing', left: left.name, right: right.name });
  const comparison = await compareEnvironments(context.render, left, right);
  await panel.post({ type: 'comparison', comparison });
}

/** Opens a workspace file at a 0-based line; paths outside the workspace folders are rejected. */
async function openFile(model: WorkspaceModel, file: string, line: number): Promise<void> {
  const inside = model.folders.some((folder) => file.startsWith(path.resolve(folder) + path.sep));
  if (!inside) {
    throw new Error(`cannot open ${file}: it is outside the workspace folders`);
  }

  const position = new vscode.Position(Number.isInteger(line) && line >= 0 ? line : 0, 0);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}
