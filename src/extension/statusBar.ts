import * as vscode from 'vscode';
import { viewIds } from './ids';
import type { RenderService } from './render/renderService';
import type { WorkspaceService } from './workspace/workspaceService';

/** Status bar item with the number of environments and the number of builds running. */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly workspace: WorkspaceService,
    private readonly renders: RenderService,
  ) {
    const alignment = vscode.StatusBarAlignment.Left;
    this.item = vscode.window.createStatusBarItem('gitops.status', alignment, 10);
    this.item.name = 'GitOps Environments';
    this.item.command = `workbench.view.extension.${viewIds.container}`;
    this.disposables.push(this.item);

    workspace.onDidChange(() => this.update(), undefined, this.disposables);
    renders.onDidChangeActivity(() => this.update(), undefined, this.disposables);
    this.update();
  }

  private update(): void {
    if (this.workspace.state === 'empty') {
      this.item.hide();
      return;
    }

    const count = this.workspace.model.environments().length;
    const noun = count === 1 ? 'environment' : 'environments';
    const running = this.renders.running;
    const rendering = running === 0 ? '' : ` $(sync~spin) rendering ${running}`;
    this.item.text = `$(layers) ${count} ${noun}${rendering}`;
    const tooltip = `${running} kustomize builds running`;
    this.item.tooltip = running === 0 ? 'GitOps: show the environments' : tooltip;
    this.item.show();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
