import * as path from 'node:path';
import * as vscode from 'vscode';
import { kustomizationFileNames } from '../core/workspace/kustomization';
import type { CommandRunner } from './commandRunner';
import { commandIds } from './ids';
import type { Log } from './log';
import { openPreview } from './preview/previewCommand';
import type { Session } from './session';

/** Registers the commands of the views and the preview; each runs through the CommandRunner. */
export function registerCommands(
  runner: CommandRunner,
  session: Session,
  log: Log,
): vscode.Disposable[] {
  return [
    runner.register(commandIds.refresh, () => session.reload()),
    runner.register(commandIds.openPreview, (target: unknown) => {
      return openPreview(session.workspace, target);
    }),
    runner.register(commandIds.openKustomization, (target: unknown) => openKustomization(target)),
    runner.register(commandIds.showLog, () => log.show()),
  ];
}

/** Opens the kustomization file of a tree node, a folder or a file path. */
async function openKustomization(target: unknown): Promise<void> {
  const file = kustomizationFileOf(target);
  if (file === undefined) {
    throw new Error('Open Kustomization needs an environment; run it from the Environments view.');
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
}

function kustomizationFileOf(target: unknown): string | undefined {
  if (typeof target === 'string') {
    return kustomizationFileNames.includes(path.basename(target)) ? target : findIn(target);
  }
  if (typeof target === 'object' && target !== null && 'environment' in target) {
    const environment = (target as { environment: { kustomizationFile?: unknown } }).environment;
    const file = environment.kustomizationFile;
    return typeof file === 'string' ? file : undefined;
  }
  return undefined;
}

function findIn(dir: string): string {
  return path.join(dir, kustomizationFileNames[0] ?? 'kustomization.yaml');
}
