import * as vscode from 'vscode';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { ApplicationStatus } from '../../core/dashboard/snapshot';
import type { ArgoCdMode } from '../argocd/registerArgoCdMode';
import type { AgentService } from './agentService';

/** Sync and health of Applications by name, as other views (the dashboard) read them. */
export interface AgentStatusSource extends vscode.Disposable {
  statusOf(application: string): ApplicationStatus | undefined;
  readonly onDidChange: vscode.Event<void>;
}

/**
 * Reports Argo CD's status for the Applications it manages and the sync agent's last check for
 * the others; undefined before either has seen the Application.
 */
export function agentStatusSource(
  service: AgentService,
  argoCd: ArgoCdMode,
  applications: () => readonly ResolvedApplication[],
): AgentStatusSource {
  const emitter = new vscode.EventEmitter<void>();
  const subscriptions = [
    emitter,
    service.onDidChange(() => emitter.fire()),
    argoCd.onDidChange(() => emitter.fire()),
  ];
  return {
    statusOf(name) {
      const application = applications().find((candidate) => candidate.name === name);
      const argo = application === undefined ? undefined : argoCd.statusFor(application);
      if (argo !== undefined) {
        return { sync: `${argo.live.syncStatus} (Argo CD)`, health: argo.live.health };
      }
      const state = service.states().find((candidate) => candidate.application.name === name);
      return state === undefined ? undefined : { sync: state.status, health: state.health };
    },
    onDidChange: emitter.event,
    dispose: () => vscode.Disposable.from(...subscriptions).dispose(),
  };
}
