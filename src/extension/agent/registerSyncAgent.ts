import * as vscode from 'vscode';
import type { ArgoCdMode } from '../argocd/registerArgoCdMode';
import type { CommandRunner } from '../commandRunner';
import type { Log } from '../log';
import type { Session } from '../session';
import { registerAgentCommands } from './agentCommands';
import { affectsAgent } from './agentSettings';
import { AgentService } from './agentService';
import type { ApplicationState } from './agentTypes';
import { AgentStatusBar } from './agentStatusBar';
import { agentTreeStatus, argoCdTreeStatus } from './agentTreeStatus';
import { DiffDocuments } from './diffDocuments';
import { DriftDiagnostics } from './driftDiagnostics';

/** The running agent and everything registered with it. */
export interface SyncAgentRegistration extends vscode.Disposable {
  readonly service: AgentService;
}

/**
 * Starts the sync agent of the configured cluster context with its status bar item, drift
 * diagnostics and commands. It reconnects when `gitops.cluster.*` or `gitops.sync.*` change.
 * The returned registration keeps the service, whose `stateOf` the views read.
 */
export function registerSyncAgent(
  session: Session,
  runner: CommandRunner,
  log: Log,
  argoCd: ArgoCdMode,
  workspaceState: vscode.Memento,
): SyncAgentRegistration {
  const componentLog = log.for('agent');
  const service = new AgentService(session, argoCd, componentLog, workspaceState);
  const documents = new DiffDocuments();
  const diagnostics = new DriftDiagnostics(() => session.workspace.model);
  const disposables: vscode.Disposable[] = [service, documents, diagnostics];
  disposables.push(new AgentStatusBar(service));
  for (const tree of [session.applicationsTree, session.environmentsTree]) {
    disposables.push(tree.addStatusProvider(argoCdTreeStatus(argoCd)));
    disposables.push(tree.addStatusProvider(agentTreeStatus(service)));
  }
  const commandDependencies = { session, service, documents, log: componentLog };
  disposables.push(...registerAgentCommands(runner, commandDependencies));

  service.onDidChange(
    () => {
      const managed = (state: ApplicationState) => argoCd.isManagedByArgoCd(state.application);
      diagnostics.update(service.states(), managed);
    },
    undefined,
    disposables,
  );

  const restart = () => {
    service.restart().catch((error: unknown) => {
      componentLog.error('starting the sync agent failed', error);
    });
  };
  disposables.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsAgent(event)) {
        restart();
      }
    }),
  );
  restart();

  return { service, dispose: () => vscode.Disposable.from(...disposables.reverse()).dispose() };
}
