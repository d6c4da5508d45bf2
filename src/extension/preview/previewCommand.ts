import * as path from 'node:path';
import * as vscode from 'vscode';
import { kustomizationFileNames } from '../../core/workspace/kustomization';
import { CommandCancelled } from '../commandRunner';
import type { WorkspaceService } from '../workspace/workspaceService';
import { previewUriFor } from './previewUris';

/** A request to show one rendered object: its root folder and 0-based line in the output. */
export interface PreviewLocation {
  readonly dir: string;
  readonly line?: number;
}

/**
 * Opens the preview of a root beside the active editor, or in the active group when no editor
 * is active. `target` is a kustomization file URI (editor title menu), a tree node with an
 * environment, a `PreviewLocation`, or nothing, in which case the user picks a root.
 */
export async function openPreview(
  workspace: WorkspaceService,
  target: unknown,
): Promise<vscode.TextEditor> {
  const location = locationOf(target) ?? (await pickRoot(workspace));
  const document = await vscode.workspace.openTextDocument(previewUriFor(location.dir));
  // Beside an active editor the preview splits the area; with no editor open, a split would
  // leave an empty group on the left, so the preview takes the active group instead.
  const beside = vscode.window.activeTextEditor !== undefined;
  const options: vscode.TextDocumentShowOptions = {
    viewColumn: beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
    preserveFocus: location.line === undefined,
    preview: false,
  };
  if (location.line !== undefined) {
    const position = new vscode.Position(location.line, 0);
    options.selection = new vscode.Range(position, position);
  }
  return vscode.window.showTextDocument(document, options);
}

function locationOf(target: unknown): PreviewLocation | undefined {
  if (target instanceof vscode.Uri) {
    return { dir: kustomizationDirOf(target.fsPath) };
  }
  if (typeof target === 'string') {
    return { dir: target };
  }
  if (typeof target !== 'object' || target === null) {
    return undefined;
  }

  const record = target as Record<string, unknown>;
  if (typeof record['dir'] === 'string') {
    const line = typeof record['line'] === 'number' ? record['line'] : undefined;
    return line === undefined ? { dir: record['dir'] } : { dir: record['dir'], line };
  }
  const environment = record['environment'] as { dir?: unknown } | undefined;
  return typeof environment?.dir === 'string' ? { dir: environment.dir } : undefined;
}

function kustomizationDirOf(file: string): string {
  return kustomizationFileNames.includes(path.basename(file)) ? path.dirname(file) : file;
}

async function pickRoot(workspace: WorkspaceService): Promise<PreviewLocation> {
  const model = workspace.model;
  const environments = model.environments().map((environment) => environment.dir);
  const others = model
    .roots()
    .map((root) => root.dir)
    .filter((dir) => !environments.includes(dir))
    .sort();

  const items = [...environments, ...others].map((dir) => ({
    label: path.basename(dir),
    description: `${model.roleOf(dir) ?? ''}  ${vscode.workspace.asRelativePath(dir, true)}`,
    dir,
  }));
  if (items.length === 0) {
    throw new Error(
      'No kustomization.yaml was found in the workspace folders, so there is nothing to preview.',
    );
  }

  const placeHolder = 'Kustomization to render';
  const picked = await vscode.window.showQuickPick(items, { placeHolder });
  if (picked === undefined) {
    throw new CommandCancelled();
  }
  return { dir: picked.dir };
}
