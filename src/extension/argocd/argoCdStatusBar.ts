import * as vscode from 'vscode';
import type { ArgoCdService } from './argoCdService';
import { readArgoCdSettings } from './argoCdSettings';

/** Text, tooltip and visibility of the Argo CD status bar item. */
export interface ArgoCdStatusBarContent {
  readonly visible: boolean;
  readonly text: string;
  readonly tooltip: string;
}

/**
 * Status bar item with the Argo CD Applications' sync counts and the watch connection state.
 * While the mode is inactive it shows only when `gitops.argocd.mode` is `on`, so a user who
 * turned the mode on learns why it is not running; with `auto` or `off` it stays hidden.
 */
export class ArgoCdStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private shown: ArgoCdStatusBarContent = { visible: false, text: '', tooltip: '' };

  constructor(private readonly service: ArgoCdService) {
    this.item = vscode.window.createStatusBarItem(
      'gitops.argocd',
      vscode.StatusBarAlignment.Left,
      9,
    );
    this.item.name = 'GitOps Argo CD';
    this.item.command = 'gitops.showLog';
    this.disposables.push(this.item);
    service.onDidChange(() => this.update(), undefined, this.disposables);
    this.update();
  }

  get content(): ArgoCdStatusBarContent {
    return this.shown;
  }

  private update(): void {
    this.shown = this.describe();
    this.item.text = this.shown.text;
    this.item.tooltip = this.shown.tooltip;
    if (this.shown.visible) {
      this.item.show();
    } else {
      this.item.hide();
    }
  }

  private describe(): ArgoCdStatusBarContent {
    const watch = this.service.watch;
    const mode = this.service.mode;
    if (!mode.active || watch === undefined) {
      const visible = readArgoCdSettings().mode === 'on';
      return {
        visible,
        text: '$(rocket) Argo CD off',
        tooltip: `Argo CD mode is off: ${mode.reason}`,
      };
    }

    const applications = watch.list();
    const outOfSync = applications.filter(
      (application) => application.syncStatus !== 'Synced',
    ).length;
    const running = applications.filter(
      (application) => application.operationState?.phase === 'Running',
    ).length;
    const state = watch.state;
    const reconnecting = state.kind === 'reconnecting' ? ' $(debug-disconnect) reconnecting' : '';
    const busy = running === 0 ? '' : ` $(sync~spin) ${running}`;

    const text = `$(rocket) Argo CD ${applications.length - outOfSync}/${applications.length} synced${busy}${reconnecting}`;
    const tooltip =
      state.kind === 'reconnecting'
        ? `The Argo CD watch dropped (${state.error}); retrying in ${state.delayMs} ms`
        : `Argo CD mode: ${mode.reason}. ${outOfSync} Applications out of sync.`;
    return { visible: true, text, tooltip };
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
