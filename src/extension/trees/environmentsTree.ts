import * as vscode from 'vscode';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { RenderResult } from '../../core/render/renderResult';
import type { Environment } from '../../core/workspace/environments';
import type { ApplicationCatalog } from '../applications/applicationCatalog';
import { viewIds } from '../ids';
import type { RenderService } from '../render/renderService';
import type { WorkspaceChange, WorkspaceService } from '../workspace/workspaceService';
import type { ContributedNode, EnvironmentChildContributor } from './environmentContributors';
import type { EnvironmentNode, MessageNode } from './environmentNodes';
import { environmentNodeId } from './environmentNodes';
import { environmentTreeItem } from './environmentItems';
import { matchImages, rowRepository, shortLabels } from './imageRows';
import { groupByKind, readRenderedOutput } from './renderedObjects';
import type { TreeStatus, TreeStatusProvider } from './treeStatus';
import { decorateItem, firstStatus } from './treeStatus';

type GroupType = 'environment' | 'images' | 'applications' | 'resources';
type GroupNode = Extract<EnvironmentNode, { type: GroupType }>;

/**
 * Environments in promotion order, each with its images, the Applications that deploy it and
 * its rendered resources. Resources are rendered only when their group is expanded.
 */
export class EnvironmentsTreeProvider
  implements vscode.TreeDataProvider<EnvironmentNode>, vscode.Disposable
{
  private readonly changeEmitter = new vscode.EventEmitter<EnvironmentNode | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  /** Group nodes by id, so a refresh can name the same object the view already shows. */
  private readonly groups = new Map<string, GroupNode>();
  private readonly statusProviders: TreeStatusProvider[] = [];
  private readonly contributors = new Map<string, EnvironmentChildContributor>();
  /** Status text of each shown node that can have one, with the node object the view holds. */
  private readonly shownStatuses = new Map<string, { node: EnvironmentNode; key: string }>();
  /** Application names each shown Applications group listed, by environment folder. */
  private readonly shownApplications = new Map<string, string>();

  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    private readonly workspace: WorkspaceService,
    private readonly renders: RenderService,
    private readonly catalog: ApplicationCatalog,
  ) {
    workspace.onDidChange((change) => this.onWorkspaceChange(change), undefined, this.disposables);
    catalog.onDidChange(() => this.refreshChangedApplications(), undefined, this.disposables);
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: EnvironmentNode): vscode.TreeItem {
    if (node.type === 'contributed') {
      return this.contributedItem(node);
    }
    const item = environmentTreeItem(node, this.renders.lastResult.bind(this.renders));
    const status = this.statusOf(node);
    if (hasStatus(node)) {
      this.shownStatuses.set(environmentNodeId(node), { node, key: statusKey(status) });
    }
    return decorateItem(item, status);
  }

  /** Adds nodes under every environment; the view shows them after its own groups. */
  addChildContributor(contributor: EnvironmentChildContributor): vscode.Disposable {
    this.contributors.set(contributor.id, contributor);
    const subscription = contributor.onDidChange((node) => this.changeEmitter.fire(node));
    this.refreshEnvironments();
    return new vscode.Disposable(() => {
      subscription.dispose();
      this.contributors.delete(contributor.id);
      this.refreshEnvironments();
    });
  }

  private contributedItem(node: ContributedNode): vscode.TreeItem {
    const contributor = this.contributors.get(node.contributor);
    const item = contributor?.getTreeItem(node) ?? new vscode.TreeItem(node.id);
    item.id = node.id;
    return item;
  }

  /**
   * Adds a source of environment, Application and object statuses. When it changes, only the
   * shown nodes whose status text changed are refreshed, because a refresh replaces the row
   * under the pointer and can turn a click on it into a "command not found" error.
   */
  addStatusProvider(provider: TreeStatusProvider): vscode.Disposable {
    this.statusProviders.push(provider);
    const subscription = provider.onDidChange(() => this.refreshChangedStatuses());
    this.refreshChangedStatuses();
    return new vscode.Disposable(() => {
      subscription.dispose();
      this.statusProviders.splice(this.statusProviders.indexOf(provider), 1);
      this.refreshChangedStatuses();
    });
  }

  private statusOf(node: EnvironmentNode): TreeStatus | undefined {
    return firstStatus(this.statusProviders, (provider) => statusOf(provider, node));
  }

  private refreshChangedStatuses(): void {
    for (const [id, shown] of this.shownStatuses) {
      const key = statusKey(this.statusOf(shown.node));
      if (key !== shown.key) {
        this.shownStatuses.set(id, { node: shown.node, key });
        this.changeEmitter.fire(shown.node);
      }
    }
  }

  getParent(node: EnvironmentNode): EnvironmentNode | undefined {
    if (node.type === 'environment' || node.type === 'message') {
      return undefined;
    }
    if (node.type === 'images' || node.type === 'applications' || node.type === 'resources') {
      return this.group({ type: 'environment', environment: node.environment });
    }
    return undefined;
  }

  async getChildren(node?: EnvironmentNode): Promise<EnvironmentNode[]> {
    if (node === undefined) {
      return this.environments().map((environment) => {
        return this.group({ type: 'environment', environment });
      });
    }

    switch (node.type) {
      case 'environment':
        return this.sections(node.environment);
      case 'images':
        return this.images(node.environment);
      case 'applications':
        return this.applications(node.environment);
      case 'resources':
        return this.resources(node.environment);
      case 'kind':
        return node.objects.map((object) => {
          return { type: 'object', environment: node.environment, object };
        });
      case 'contributed':
        return [...((await this.contributors.get(node.contributor)?.getChildren(node)) ?? [])];
      default:
        return [];
    }
  }

  /** Returns the environments shown at the top level, in promotion order. */
  environments(): Environment[] {
    return this.workspace.model.environments();
  }

  private sections(environment: Environment): EnvironmentNode[] {
    const contributed = [...this.contributors.values()].flatMap((contributor) => {
      return contributor.sections(environment);
    });
    return [
      this.group({ type: 'images', environment }),
      this.group({ type: 'applications', environment }),
      this.group({ type: 'resources', environment }),
      ...contributed,
    ];
  }

  /** Refreshes each environment node the view has shown, for a change of its sections. */
  private refreshEnvironments(): void {
    for (const group of this.groups.values()) {
      if (group.type === 'environment') {
        this.changeEmitter.fire(group);
      }
    }
  }

  private images(environment: Environment): EnvironmentNode[] {
    const root = this.workspace.model.root(environment.dir);
    const entries = root?.kustomization?.images ?? [];
    const rendered = this.renders.lastResult(environment.dir);
    const containers = rendered?.ok === true ? readRenderedOutput(rendered.yaml).images : [];
    const rows = matchImages(entries, containers);

    const repositories = [...entries, ...rows.unmatched].map(rowRepository);
    const labels = shortLabels(repositories);
    const labelOf = (repository: string) => labels.get(repository) ?? repository;
    const nodes: EnvironmentNode[] = rows.entries.map(({ entry, rendered: matched }) => {
      const label = entry.name === undefined ? '(image entry without name)' : labelOf(entry.name);
      return { type: 'image', environment, entry, rendered: matched, label };
    });
    for (const image of rows.unmatched) {
      const label = labelOf(rowRepository(image));
      nodes.push({ type: 'renderedImage', environment, image, label });
    }

    if (nodes.length === 0) {
      return [message(environment, 'images', 'No images: entries in this overlay', 'info')];
    }
    return nodes;
  }

  private applications(environment: Environment): EnvironmentNode[] {
    const applications = this.catalog.applicationsDeploying(environment.dir);
    this.shownApplications.set(environment.dir, applicationsKey(applications));
    if (applications.length === 0) {
      const text = 'No Argo CD Application deploys this folder';
      return [message(environment, 'applications', text, 'info')];
    }
    return applications.map((application) => ({ type: 'application', environment, application }));
  }

  private async resources(environment: Environment): Promise<EnvironmentNode[]> {
    if (!this.renders.enabled) {
      const text = 'Rendering is off until the workspace is trusted';
      return [message(environment, 'resources', text, 'info')];
    }

    const cached = this.renders.lastResult(environment.dir);
    const result = cached ?? (await this.renderWithProgress(environment));
    if (cached === undefined) {
      // The images group lists rendered container images once a render exists.
      this.refreshGroup({ type: 'images', environment });
    }
    return resourceNodes(environment, result);
  }

  private renderWithProgress(environment: Environment): Thenable<RenderResult> {
    const location = { viewId: viewIds.environments };
    const options = { location, title: `Rendering ${environment.name}` };
    return vscode.window.withProgress(options, () => this.renders.render(environment.dir));
  }

  private onWorkspaceChange(change: WorkspaceChange): void {
    if (change.reloaded) {
      this.groups.clear();
      this.shownStatuses.clear();
      this.shownApplications.clear();
      this.refresh();
      return;
    }

    const affected = new Set(change.affectedRoots);
    const known = new Set(this.environments().map((environment) => environment.dir));
    const added = [...affected].some((dir) => {
      return known.has(dir) && !this.groups.has(`environment:${dir}`);
    });
    const removed = [...this.groups.values()].some((group) => !known.has(group.environment.dir));
    if (added || removed) {
      this.refresh();
      return;
    }

    for (const group of this.groups.values()) {
      if (group.type === 'environment' && affected.has(group.environment.dir)) {
        this.changeEmitter.fire(group);
      }
    }
  }

  /**
   * Refreshes the Applications groups whose list changed. The catalog is rebuilt after every
   * model change, including at start-up, and mostly lists the same Applications again.
   */
  private refreshChangedApplications(): void {
    for (const group of this.groups.values()) {
      if (group.type !== 'applications') {
        continue;
      }
      const dir = group.environment.dir;
      const shown = this.shownApplications.get(dir);
      const current = applicationsKey(this.catalog.applicationsDeploying(dir));
      if (shown !== undefined && shown !== current) {
        this.changeEmitter.fire(group);
      }
    }
  }

  private refreshGroup(node: GroupNode): void {
    const existing = this.groups.get(environmentNodeId(node));
    if (existing !== undefined) {
      this.changeEmitter.fire(existing);
    }
  }

  private group<T extends GroupNode>(node: T): T {
    const id = environmentNodeId(node);
    const existing = this.groups.get(id);
    const file = node.environment.kustomizationFile;
    if (existing !== undefined && existing.environment.kustomizationFile === file) {
      return existing as T;
    }
    this.groups.set(id, node);
    return node;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function message(
  environment: Environment,
  group: string,
  text: string,
  severity: MessageNode['severity'],
): MessageNode {
  return { type: 'message', parentId: `${group}:${environment.dir}`, text, severity };
}

function resourceNodes(environment: Environment, result: RenderResult): EnvironmentNode[] {
  if (!result.ok) {
    const error = result.error;
    const location = error?.location;
    const node: MessageNode = {
      type: 'message',
      parentId: `resources:${environment.dir}`,
      text: location?.message ?? error?.message ?? 'The render failed',
      detail: error?.message ?? '',
      severity: 'error',
      ...(location?.file === undefined ? {} : { file: location.file }),
      ...(location?.line === undefined ? {} : { line: location.line }),
    };
    return [node];
  }

  const groups = groupByKind(readRenderedOutput(result.yaml).objects);
  if (groups.size === 0) {
    return [message(environment, 'resources', 'The render produced no objects', 'info')];
  }
  return [...groups].map(([kind, objects]) => ({ type: 'kind', environment, kind, objects }));
}

function statusOf(provider: TreeStatusProvider, node: EnvironmentNode) {
  switch (node.type) {
    case 'environment':
      return provider.environmentStatus(node.environment.dir);
    case 'application':
      return provider.applicationStatus(node.application);
    case 'object':
      return provider.resourceStatus(node.environment.dir, node.object.kind, node.object.name);
    default:
      return undefined;
  }
}

function hasStatus(node: EnvironmentNode): boolean {
  return node.type === 'environment' || node.type === 'application' || node.type === 'object';
}

function statusKey(status: TreeStatus | undefined): string {
  return status === undefined ? '' : `${status.severity}\n${status.description}\n${status.tooltip}`;
}

/** Names the Applications of a group, with their files, to detect a changed list. */
function applicationsKey(applications: readonly ResolvedApplication[]): string {
  return applications.map((application) => `${application.file}#${application.name}`).join('\n');
}
