import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageTagChange } from '../../core/git/history';
import type { Environment } from '../../core/workspace/environments';
import { kustomizationFileNames } from '../../core/workspace/kustomization';
import type {
  ContributedNode,
  EnvironmentChildContributor,
} from '../trees/environmentContributors';
import type { WorkspaceChange, WorkspaceService } from '../workspace/workspaceService';
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

/** A node of the History section that each environment shows in the Environments view. */
export type EnvironmentHistoryNode = ContributedNode &
  (
    | { readonly kind: 'section' }
    | { readonly kind: 'change'; readonly change: ImageTagChange }
    | { readonly kind: 'message'; readonly text: string }
  );

/**
 * Adds a "History" node under each environment of the Environments view, listing the tag
 * changes of its kustomization like the Tag History view. Change nodes carry `environment` and
 * `change`, so Roll Back to This Tag runs on them as on the Tag History view's nodes.
 */
export class EnvironmentHistoryContributor
  implements EnvironmentChildContributor, vscode.Disposable
{
  readonly id = 'tagHistory';
  private readonly sectionNodes = new Map<string, EnvironmentHistoryNode>();
  private readonly changeEmitter = new vscode.EventEmitter<ContributedNode>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  readonly onDidChange = this.changeEmitter.event;

  constructor(workspace: WorkspaceService) {
    const refreshChanged = (change: WorkspaceChange) => {
      const changed = new Set(change.changedPaths);
      for (const node of this.sectionNodes.values()) {
        if (change.reloaded || changed.has(node.environment.kustomizationFile)) {
          this.changeEmitter.fire(node);
        }
      }
    };
    workspace.onDidChange(refreshChanged, undefined, this.disposables);
  }

  /** Reads every shown history again, for example after a commit. */
  refresh(): void {
    this.sectionNodes.forEach((node) => this.changeEmitter.fire(node));
  }

  sections(environment: Environment): readonly ContributedNode[] {
    const existing = this.sectionNodes.get(environment.dir);
    if (existing?.environment.kustomizationFile === environment.kustomizationFile) {
      return [existing];
    }
    const id = `tag-history:${environment.dir}`;
    const node: EnvironmentHistoryNode = { ...this.base(environment, id), kind: 'section' };
    this.sectionNodes.set(environment.dir, node);
    return [node];
  }

  async getChildren(node: ContributedNode): Promise<readonly ContributedNode[]> {
    const historyNode = node as EnvironmentHistoryNode;
    if (historyNode.kind !== 'section') {
      return [];
    }
    const environment = historyNode.environment;
    return (await historyNodes(environment)).map((child) => this.toContributed(child));
  }

  getTreeItem(node: ContributedNode): vscode.TreeItem {
    const historyNode = node as EnvironmentHistoryNode;
    switch (historyNode.kind) {
      case 'section':
        return sectionItem();
      case 'change':
        return changeItem({
          type: 'change',
          environment: historyNode.environment,
          change: historyNode.change,
        });
      case 'message':
        return new vscode.TreeItem(historyNode.text, vscode.TreeItemCollapsibleState.None);
    }
  }

  private toContributed(child: HistoryNode): EnvironmentHistoryNode {
    const dir = child.environment.dir;
    if (child.type === 'change') {
      const id = `tag-history:${dir}#${child.change.commit}#${child.change.image}`;
      return { ...this.base(child.environment, id), kind: 'change', change: child.change };
    }
    const text = child.type === 'message' ? child.text : child.environment.name;
    const id = `tag-history:${dir}#message`;
    return { ...this.base(child.environment, id), kind: 'message', text };
  }

  private base(environment: Environment, id: string): ContributedNode {
    return { type: 'contributed', contributor: this.id, environment, id };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function sectionItem(): vscode.TreeItem {
  const item = new vscode.TreeItem('History', vscode.TreeItemCollapsibleState.Collapsed);
  item.iconPath = new vscode.ThemeIcon('history');
  item.tooltip = 'Image tag changes in the Git history of this kustomization';
  return item;
}
