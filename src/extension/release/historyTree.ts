import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageTagChange } from '../../core/git/history';
import type { Environment } from '../../core/workspace/environments';
import { kustomizationFileNames } from '../../core/workspace/kustomization';
import type { WorkspaceService } from '../workspace/workspaceService';
import { describeChange } from './history';
import { tagChangeContext } from './releaseIds';
import { imageHistory } from './tagSuggestions';

/** Nodes of the Tag History view: environments, each with its image changes, newest first. */
export type HistoryNode =
  | { readonly type: 'environment'; readonly environment: Environment }
  | { readonly type: 'change'; readonly environment: Environment; readonly change: ImageTagChange }
  | { readonly type: 'message'; readonly environment: Environment; readonly text: string };

/**
 * Tag changes of each environment from its kustomization's Git history. History is read when
 * an environment is expanded and again after a kustomization changes.
 */
export class TagHistoryProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<HistoryNode | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly workspace: WorkspaceService) {
    workspace.onDidChange(
      (change) => {
        const kustomizations = change.changedPaths.some(isKustomizationFile);
        if (change.reloaded || kustomizations) {
          this.refresh();
        }
      },
      undefined,
      this.disposables,
    );
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (node === undefined) {
      const environments = this.workspace.model.environments();
      return environments.map((environment) => ({ type: 'environment', environment }));
    }
    if (node.type !== 'environment') {
      return [];
    }
    return historyNodes(node.environment);
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    switch (node.type) {
      case 'environment':
        return environmentItem(node.environment);
      case 'change':
        return changeItem(node);
      case 'message':
        return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Lists the changes of one environment, or one message node explaining why there are none. */
export async function historyNodes(environment: Environment): Promise<HistoryNode[]> {
  try {
    const changes = await imageHistory(environment, undefined);
    if (changes.length === 0) {
      return [{ type: 'message', environment, text: 'No image changes in the Git history' }];
    }
    return changes.map((change) => ({ type: 'change', environment, change }));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return [{ type: 'message', environment, text }];
  }
}

function environmentItem(environment: Environment): vscode.TreeItem {
  const item = new vscode.TreeItem(environment.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `history:${environment.dir}`;
  item.iconPath = new vscode.ThemeIcon('history');
  item.description = vscode.workspace.asRelativePath(environment.dir, true);
  return item;
}

function changeItem(node: Extract<HistoryNode, { type: 'change' }>): vscode.TreeItem {
  const change = node.change;
  const label = `${change.newTag ?? '(no tag)'}`;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = `history:${node.environment.dir}#${change.commit}#${change.image}`;
  const parts = [path.basename(change.image), change.shortCommit, change.date.slice(0, 10)];
  item.description = [...parts, change.author].join(' · ');
  item.tooltip = describeChange(change);
  item.iconPath = new vscode.ThemeIcon('git-commit');
  item.contextValue = tagChangeContext;
  return item;
}


function isKustomizationFile(file: string): boolean {
  return kustomizationFileNames.includes(path.basename(file));
}
