import * as vscode from 'vscode';
import type { AgentService } from './agentService';
import { agentCommandIds } from './agentIds';

/** Status bar item with the sync counts of the agent's Applications; a click shows the log. */
export class AgentStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: AgentService) {
    this.item = vscode.window.createStatusBarItem(
      'gitops.agent',
      vscode.StatusBarAlignment.Left,
      8,
    );
    this.item.name = 'GitOps Sync Agent';
    this.item.command = agentCommandIds.showStatus;
    this.disposables.push(this.item);
    service.onDidChange(() => this.update(), undefined, this.disposables);
    this.update();
  }

  private update(): void {
    const states = this.service.states();
    const error = this.service.connectionError;
    if (states.length === 0 && error === undefined) {
      this.item.hide();
      return;
    }
    if (states.length === 0 && error !== undefined) {
      this.item.text = '$(cloud) off';
      this.item.tooltip = `GitOps sync agent: ${error}`;
      this.item.show();
      return;
    }
    const count = (status: string) => states.filter((state) => state.status === status).length;
    const paused = this.service.paused ? ' $(debug-pause)' : '';
    const synced = count('Synced');
    const outOfSync = count('OutOfSync');
    const unknown = count('Unknown');
    this.item.text = `$(cloud) ${synced} $(warning) ${outOfSync} $(question) ${unknown}${paused}`;
    this.item.tooltip = this.tooltip(synced, outOfSync, unknown, error);
    this.item.show();
  }

  private tooltip(
    synced: number,
    outOfSync: number,
    unknown: number,
    error: string | undefined,
  ): string {
    if (error !== undefined) {
      return `GitOps sync agent: ${error}`;
    }
    const context = this.service.contextName ?? 'no context';
    const state = this.service.paused ? 'paused' : 'running';
    const counts = `${synced} Synced, ${outOfSync} OutOfSync, ${unknown} Unknown`;
    return `GitOps sync agent on ${context} (${state}): ${counts}`;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
