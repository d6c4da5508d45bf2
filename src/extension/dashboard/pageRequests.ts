import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { RenderFunction } from '../../core/dashboard/compare';
import { compareEnvironments } from '../../core/dashboard/compare';
import { actionCommands } from '../../core/dashboard/snapshot';
import type { ImageTagChange } from '../../core/git/history';
import type { Environment } from '../../core/workspace/environments';
import type { WorkspaceModel } from '../../core/workspace/model';
import type { DashboardAction, FromPageMessage } from '../../shared/dashboardProtocol';
import type { DashboardFeed } from './dashboardFeed';
import type { DashboardPanel } from './dashboardPanel';

export interface PageRequestContext {
  readonly model: () => WorkspaceModel;
  readonly render: RenderFunction;
  readonly feed: DashboardFeed;
  /** Finds a workspace Application by its name and the file that defines it. */
  readonly findApplication: (name: string, file: string) => ResolvedApplication | undefined;
  /** Finds the change of `image` in commit `commit` in the tag history of `environment`. */
  readonly findTagChange: (
    environment: Environment,
    image: string,
    commit: string,
  ) => Promise<ImageTagChange | undefined>;
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
    case 'promote': {
      const route = { source: text(message.source), target: text(message.target) };
      return runAction(context, 'promote', route);
    }
    case 'setImageTag': {
      const target = { environment: text(message.environment), image: text(message.image) };
      return runAction(context, 'setImageTag', target);
    }
    case 'openPreview':
      return runAction(context, 'openPreview', { dir: text(message.environment) });
    case 'diffApplication':
      return diffApplication(context, text(message.application), text(message.file));
    case 'rollbackTag':
      return rollbackTag(context, message);
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

const commandsThatEdit: ReadonlySet<DashboardAction> = new Set([
  'promote',
  'setImageTag',
  'rollbackTag',
]);

/**
 * Runs the command behind an action with one arguments object, in the shape that command reads
 * from a tree node or a CodeLens.
 */
async function runAction(
  context: PageRequestContext,
  action: DashboardAction,
  argument: object,
): Promise<void> {
  const command = actionCommands[action];
  const available = await vscode.commands.getCommands(true);
  if (!available.includes(command)) {
    const text = `The command ${command} is not available in this version.`;
    void vscode.window.showInformationMessage(text);
    return;
  }

  await vscode.commands.executeCommand(command, argument);
  if (commandsThatEdit.has(action)) {
    await context.feed.refresh(true);
  }
}

/** Passes the Application itself, because the diff command reads it from a tree node. */
async function diffApplication(context: PageRequestContext, name: string, file: string) {
  const application = context.findApplication(name, file);
  if (application === undefined) {
    throw new Error(`Application ${name} in ${file} not found; refresh the dashboard`);
  }
  await runAction(context, 'diffApplication', { application });
}

async function rollbackTag(
  context: PageRequestContext,
  message: Extract<FromPageMessage, { type: 'rollbackTag' }>,
): Promise<void> {
  const dir = text(message.environment);
  const environment = context.model().findEnvironment(dir);
  if (environment === undefined) {
    throw new Error(`environment ${dir} not found; refresh the dashboard`);
  }

  const image = text(message.image);
  const commit = text(message.commit);
  const change = await context.findTagChange(environment, image, commit);
  if (change === undefined) {
    const short = commit.slice(0, 7);
    throw new Error(
      `no change of ${image} in ${short} found in the history of ${environment.name}`,
    );
  }
  await runAction(context, 'rollbackTag', { environment: environment.dir, change });
}

async function compare(
  context: PageRequestContext,
  panel: DashboardPanel,
  leftDir: string,
  rightDir: string,
) {
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
  await vscode.window.showTextDocument(document, {
    selection: new vscode.Range(position, position),
  });
}
