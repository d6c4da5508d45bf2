import * as vscode from 'vscode';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { ApplicationCatalog } from '../applications/applicationCatalog';
import type { WorkspaceService } from '../workspace/workspaceService';
import type { ApplicationNode } from './applicationNodes';
import { applicationKey, applicationNodeId } from './applicationNodes';
import { applicationTreeItem } from './applicationItems';
import type { TreeStatusProvider } from './treeStatus';
import { decorateItem, firstStatus } from './treeStatus';

type AppNode = Extract<ApplicationNode, { type: 'application' }>;
type ShownNode = Extract<ApplicationNode, { type: 'application' | 'group' }>;

/**
 * Argo CD Applications as an app-of-apps tree, each with its destination, sources, sync policy
 * and the environment it deploys; ApplicationSets and AppProjects in groups of their own.
 */
export class ApplicationsTreeProvider
  implements vscode.TreeDataProvider<ApplicationNode>, vscode.Disposable
{
  private readonly changeEmitter = new vscode.EventEmitter<ApplicationNode | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private readonly statusProviders: TreeStatusProvider[] = [];
  /**
   * Application and group nodes the view has shown, with the node object it keeps and a key of
   * what their row and child rows show. Only nodes whose key changed are refreshed.
   */
  private readonly shown = new Map<string, { node: ShownNode; key: string }>();
  /** Ids of the top-level rows last shown; undefined until the view requests them. */
  private shownTopLevel: string | undefined;

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    private readonly catalog: ApplicationCatalog,
    private readonly workspace: WorkspaceService,
  ) {
    catalog.onDidChange(() => this.refreshChanged(), undefined, this.disposables);
  }

  refresh(): void {
    this.shown.clear();
    this.shownTopLevel = undefined;
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: ApplicationNode): vscode.TreeItem {
    const current = this.current(node);
    if (node.type === 'application' || node.type === 'group') {
      this.shown.set(applicationNodeId(node), { node, key: this.rowKey(this.current(node)) });
    }
    return this.itemOf(current);
  }

  private itemOf(node: ApplicationNode): vscode.TreeItem {
    const item = applicationTreeItem(node);
    if (node.type !== 'application') {
      return item;
    }
    const application = node.application;
    const status = firstStatus(this.statusProviders, (provider) => {
      return provider.applicationStatus(application);
    });
    return decorateItem(item, status);
  }

  /**
   * Adds a source of Application statuses. When it changes, only the rows whose status text
   * changed are refreshed, because a refresh replaces the row under the pointer.
   */
  addStatusProvider(provider: TreeStatusProvider): vscode.Disposable {
    this.statusProviders.push(provider);
    const subscription = provider.onDidChange(() => this.refreshChanged());
    this.refreshChanged();
    return new vscode.Disposable(() => {
      subscription.dispose();
      this.statusProviders.splice(this.statusProviders.indexOf(provider), 1);
      this.refreshChanged();
    });
  }

  /**
   * Refreshes the whole view when its top-level rows changed, and otherwise each shown
   * Application or group whose row or child rows changed. The catalog is rebuilt after every
   * model change and mostly lists the same Applications again.
   */
  private refreshChanged(): void {
    if (this.shownTopLevel !== undefined && this.shownTopLevel !== topLevelKey(this.topLevel())) {
      this.refresh();
      return;
    }
    for (const [id, shown] of this.shown) {
      const key = this.rowKey(this.current(shown.node));
      if (key !== shown.key) {
        this.shown.set(id, { node: shown.node, key });
        this.changeEmitter.fire(shown.node);
      }
    }
  }

  /** What a row and its child rows show; child Applications count by id, being tracked apart. */
  private rowKey(node: ShownNode): string {
    const children = this.getChildren(node).map((child) => {
      const id = applicationNodeId(child);
      const tracked = child.type === 'application' || child.type === 'group';
      return tracked ? id : `${id}=${itemKey(this.itemOf(child))}`;
    });
    return [itemKey(this.itemOf(node)), ...children].join('\n');
  }

  /**
   * Returns the node with the Application as the catalog has it now. The view keeps node
   * objects across catalog rebuilds, and a refreshed row must show the current data.
   */
  private current<T extends ApplicationNode>(node: T): T {
    if (node.type !== 'application') {
      return node;
    }
    const key = applicationKey(node.application);
    const { applications, applicationSets } = this.catalog.current;
    const application = [...applications, ...applicationSets].find((candidate) => {
      return applicationKey(candidate) === key;
    });
    return application === undefined ? node : { ...node, application };
  }

  getChildren(node?: ApplicationNode): ApplicationNode[] {
    if (node === undefined) {
      const nodes = this.topLevel();
      this.shownTopLevel = topLevelKey(nodes);
      return nodes;
    }
    const current = this.current(node);
    switch (current.type) {
      case 'application':
        return [...this.details(current), ...this.childApplications(current)];
      case 'group':
        return this.groupMembers(current.group);
      default:
        return [];
    }
  }

  private topLevel(): ApplicationNode[] {
    const { applications, applicationSets, projects } = this.catalog.current;
    const nodes: ApplicationNode[] = applications
      .filter((application) => application.parent === undefined)
      .map((application) => ({ type: 'application', application, ancestors: [] }));

    if (applicationSets.length > 0) {
      nodes.push({ type: 'group', group: 'applicationSets' });
    }
    if (projects.length > 0) {
      nodes.push({ type: 'group', group: 'projects' });
    }
    return nodes;
  }

  private groupMembers(group: 'applicationSets' | 'projects'): ApplicationNode[] {
    const current = this.catalog.current;
    if (group === 'projects') {
      return current.projects.map((project) => ({ type: 'project', project }));
    }
    return current.applicationSets.map((application) => {
      return { type: 'application', application, ancestors: [] };
    });
  }

  private details(node: AppNode): ApplicationNode[] {
    const application = node.application;
    const parentId = applicationNodeId(node);
    const nodes: ApplicationNode[] = [{ type: 'destination', parentId, application }];
    for (const source of application.sources) {
      nodes.push({ type: 'source', parentId, application, source });
    }
    if (application.sources.length === 0) {
      nodes.push({ type: 'message', parentId, text: 'No source' });
    }
    nodes.push({ type: 'syncPolicy', parentId, application });

    const environment = this.deployedEnvironment(application);
    if (environment !== undefined) {
      nodes.push({ type: 'environmentLink', parentId, environment });
    }
    return nodes;
  }

  private deployedEnvironment(application: ResolvedApplication) {
    if (application.localPath === undefined) {
      return undefined;
    }
    const environments = this.workspace.model.environments();
    return environments.find((environment) => environment.dir === application.localPath);
  }

  /** Applications this one creates; one already among its ancestors is left out to end a cycle. */
  private childApplications(node: AppNode): ApplicationNode[] {
    const application = node.application;
    if (application.kind !== 'Application') {
      return [];
    }
    const ancestors = [...node.ancestors, applicationKey(application)];
    const all = [...this.catalog.current.applications, ...this.catalog.current.applicationSets];
    return application.children
      .flatMap((name) => all.filter((candidate) => candidate.name === name))
      .filter((child) => child !== application && !ancestors.includes(applicationKey(child)))
      .map((child) => ({ type: 'application', application: child, ancestors }));
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function topLevelKey(nodes: readonly ApplicationNode[]): string {
  return nodes.map(applicationNodeId).join('\n');
}

/** Everything a tree item shows or does, as one string to compare. */
function itemKey(item: vscode.TreeItem): string {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  return JSON.stringify([
    item.label,
    item.description,
    item.tooltip,
    icon?.id,
    icon?.color?.id,
    item.contextValue,
    item.command?.command,
    item.command?.arguments,
  ]);
}
