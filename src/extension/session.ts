import * as vscode from 'vscode';
import { ApplicationCatalog } from './applications/applicationCatalog';
import { previewScheme, viewIds } from './ids';
import type { Log } from './log';
import { PreviewProvider } from './preview/previewProvider';
import { RenderService } from './render/renderService';
import { StatusBar } from './statusBar';
import { ApplicationsTreeProvider } from './trees/applicationsTree';
import { EnvironmentsTreeProvider } from './trees/environmentsTree';
import { WorkspaceService } from './workspace/workspaceService';

/**
 * Everything built on the workspace model: services, views, the preview and the status bar.
 * It is the second disposal list, beside the extension's own subscriptions.
 */
export class Session implements vscode.Disposable {
  readonly workspace: WorkspaceService;
  readonly renders: RenderService;
  readonly catalog: ApplicationCatalog;
  readonly environmentsTree: EnvironmentsTreeProvider;
  readonly applicationsTree: ApplicationsTreeProvider;
  readonly preview: PreviewProvider;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: Log) {
    this.workspace = this.own(new WorkspaceService(log.for('workspace')));
    this.renders = this.own(new RenderService(this.workspace, log.for('render')));
    this.catalog = this.own(new ApplicationCatalog(this.workspace, log.for('argo')));
    this.environmentsTree = this.own(
      new EnvironmentsTreeProvider(this.workspace, this.renders, this.catalog),
    );
    this.applicationsTree = this.own(new ApplicationsTreeProvider(this.catalog, this.workspace));
    this.preview = this.own(new PreviewProvider(this.renders, log.for('preview')));
  }

  /** Registers the views and the preview scheme, then loads the workspace. */
  async start(): Promise<void> {
    this.own(this.createTreeView(viewIds.environments, this.environmentsTree));
    this.own(this.createTreeView(viewIds.applications, this.applicationsTree));
    this.own(vscode.workspace.registerTextDocumentContentProvider(previewScheme, this.preview));
    this.own(new StatusBar(this.workspace, this.renders));
    await this.load(() => this.workspace.start());
  }

  /** Scans the workspace folders again and rebuilds the Application catalog. */
  async reload(): Promise<void> {
    await this.load(() => this.workspace.reload());
  }

  private createTreeView<T>(viewId: string, treeDataProvider: vscode.TreeDataProvider<T>) {
    return vscode.window.createTreeView(viewId, { treeDataProvider, showCollapseAll: true });
  }

  private async load(loadModel: () => Promise<void>): Promise<void> {
    const location = { viewId: viewIds.environments };
    await vscode.window.withProgress({ location, title: 'Loading kustomizations' }, async () => {
      // Loading fires a model change, and the catalog starts its rebuild on that change.
      await loadModel();
      await this.catalog.settled();
    });
    const count = this.workspace.model.environments().length;
    this.log.for('session').info(`workspace loaded: ${count} environments`);
  }

  private own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables.reverse()).dispose();
    this.disposables.length = 0;
  }
}
