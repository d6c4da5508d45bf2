import type * as vscode from 'vscode';
import type { ApplicationStatus } from '../../core/dashboard/snapshot';
import type { AgentService } from './agentService';

/** Sync and health of Applications by name, as other views (the dashboard) read them. */
export interface AgentStatusSource {
  statusOf(application: string): ApplicationStatus | undefined;
  readonly onDidChange: vscode.Event<void>;
}

/** Exposes the agent's last check of each Application; undefined before the first check. */
export function agentStatusSource(service: AgentService): AgentStatusSource {
  return {
    statusOf(application) {
      const state = service
        .states()
        .find((candidate) => candidate.application.name === application);
      return state === undefined ? undefined : { sync: state.status, health: state.health };
    },
    onDidChange: service.onDidChange,
  };
}
