import * as vscode from 'vscode';
import type { ArgoCdService } from './argoCdService';

/** Status bar item with the Argo CD Applications' sync counts and the watch connection state. */
export class ArgoCdStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: ArgoCdService) {
    this.item = vscode.window.createStatusBarItem('gitops.argocd', vscode.StatusBarAlignment.Left, 9);
    this.item.name = 'GitOps Argo CD';
    this.item.command = 'gitops.showLog';
    this.disposables.push(this.item);
    service.onDidChange(() => this.update(), undefined, this.disposables);
    this.update();
  }

  private update(): void {
    const watch = this.service.watch;
    if (!this.service.mode.active || watch === undefined) {
      this.item.hide();
      return;
    }

    const applications = watch.list();
    const outOfSync = applications.filter((application) => application.syncStatus !== 'Synced').length;
    const running = applications.filter((application) => application.operationState?.phase === 'Running').length;
    const state = watch.state;
    const reconnecting = state.kind === 'reconnecting' ? ' $(debug-disconnect) reconnecting' : '';
    const busy = running === 0 ? '' : ` $(sync~spin) ${running}`;

    this.item.text = `$(rocket) Argo CD ${applications.length - outOfSync}/${applications.length} synced${busy}${reconnecting}`;
    this.item.tooltip =
      state.kind === 'reconnecting'
        ? `The Argo CD watch dropped (${state.error}); retrying in ${state.delayMs} ms`
        : `Argo CD mode: ${this.service.mode.reason}. ${outOfSync} Applications out of sync.`;
    this.item.show();
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
