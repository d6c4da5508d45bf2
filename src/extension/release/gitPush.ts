import * as vscode from 'vscode';
import type { ComponentLog } from '../log';

/** The part of the built-in Git extension's API (version 1) that a push needs. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
}

interface GitApi {
  readonly repositories: readonly GitRepository[];
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

interface GitExtensionExports {
  getAPI(version: 1): GitApi;
}

/**
 * Pushes a branch through VS Code's built-in Git extension, which uses the user's credentials
 * and remotes. Returns false, after logging why, when the extension is missing or disabled or
 * does not know the repository.
 */
export async function pushBranch(
  root: string,
  branch: string,
  log: ComponentLog,
): Promise<boolean> {
  const api = await gitApi(log);
  if (api === undefined) {
    return false;
  }

  const rootUri = vscode.Uri.file(root);
  const known = api.repositories.find((repository) => repository.rootUri.fsPath === root);
  const repository = known ?? (await api.openRepository?.(rootUri)) ?? undefined;
  if (repository === undefined) {
    log.warn(`push skipped: the Git extension has not opened ${root}`);
    return false;
  }

  await repository.push(undefined, branch, true);
  log.info(`pushed ${branch} of ${root}`);
  return true;
}

async function gitApi(log: ComponentLog): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (extension === undefined) {
    log.warn('push skipped: the built-in Git extension (vscode.git) is not installed');
    return undefined;
  }
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports.getAPI(1);
  } catch (error) {
    log.warn(`push skipped: the Git extension is disabled or failed to start: ${String(error)}`);
    return undefined;
  }
}
