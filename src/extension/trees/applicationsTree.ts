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

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    private readonly catalog: ApplicationCatalog,
    private readonly workspace: WorkspaceService,
  ) {
    catalog.onDidChange(() => this.refresh(), undefined, this.disposables);
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: ApplicationNode): vscode.TreeItem {
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

  /** Adds a source of Application statuses; the view refreshes whenever it changes. */
  addStatusProvider(provider: TreeStatusProvider): vscode.Disposable {
    this.statusProviders.push(provider);
    const subscription = provider.onDidChange(() => this.refresh());
    this.refresh();
    return new vscode.Disposable(() => {
      subscription.dispose();
      this.statusProviders.splice(this.statusProviders.indexOf(provider), 1);
    });
  }

  getChildren(node?: ApplicationNode): ApplicationNode[] {
    if (node === undefined) {
      return this.topLevel();
    }
    switch (node.type) {
      case 'application':
        return [...this.details(node), ...this.childApplications(node)];
      case 'group':
        return this.groupMembers(node.group);
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
