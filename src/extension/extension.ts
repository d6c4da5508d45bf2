import * as vscode from 'vscode';
import type { WorkspaceModel } from '../core/workspace/model';
import { CommandRunner } from './commandRunner';
import { registerSyncAgent } from './agent/registerSyncAgent';
import { agentStatusSource } from './agent/agentStatusSource';
import type { ArgoCdMode } from './argocd/registerArgoCdMode';
import { registerArgoCdMode } from './argocd/registerArgoCdMode';
import { registerCommands } from './commands';
import { registerDashboard } from './dashboard/registerDashboard';
import { registerDiagnostics } from './diagnostics/registerDiagnostics';
import { contextKeys } from './ids';
import { describeError, Log } from './log';
import { previewUriFor } from './preview/previewUris';
import { registerRelease } from './release/registerRelease';
import { Session } from './session';

/** Internals that activate() returns, for the extension tests only. */
export interface GitOpsTestApi {
  readonly session: Session;
  /** Resolves once the first workspace load finished. */
  readonly ready: Promise<void>;
  readonly model: () => WorkspaceModel;
  readonly environmentsTree: Session['environmentsTree'];
  readonly applicationsTree: Session['applicationsTree'];
  readonly previewUriFor: (dir: string) => vscode.Uri;
  readonly argoCd: ArgoCdMode;
  /** Time activate() itself took; the first workspace load continues after it returns. */
  readonly activationMilliseconds: number;
}

export function activate(context: vscode.ExtensionContext): GitOpsTestApi {
  const started = performance.now();
  const log = new Log();
  context.subscriptions.push(log);
  const activationLog = log.for('activation');

  try {
    const session = new Session(log);
    context.subscriptions.push(session);

    const runner = new CommandRunner(log);
    context.subscriptions.push(...registerCommands(runner, session, log));
    const argoCd = registerFeatures(context, session, runner, log);
    trackWorkspaceTrust(context);

    const ready = session.start().catch((error: unknown) => {
      activationLog.error('loading the workspace failed', error);
      void vscode.window.showErrorMessage(`GitOps Workbench: ${describeError(error)}`);
    });

    const activationMilliseconds = performance.now() - started;
    activationLog.info(`activated in ${activationMilliseconds.toFixed(1)} ms`);
    return testApi(session, ready, argoCd, activationMilliseconds);
  } catch (error) {
    activationLog.error('activation failed', error);
    void vscode.window.showErrorMessage(
      `GitOps Workbench failed to start: ${describeError(error)}`,
    );
    throw error;
  }
}

/** Registers the features built on the session; returns Argo CD mode for the test API. */
function registerFeatures(
  context: vscode.ExtensionContext,
  session: Session,
  runner: CommandRunner,
  log: Log,
): ArgoCdMode {
  const diagnosticsLog = log.for('diagnostics');
  const { workspace, renders } = session;
  context.subscriptions.push(registerDiagnostics({ workspace, renders, log: diagnosticsLog }));

  // The sync agent calls argoCd.isManagedByArgoCd(app) before it applies or prunes.
  const argoCd = registerArgoCdMode(session, runner, log);
  context.subscriptions.push(argoCd);

  const syncAgent = registerSyncAgent(session, runner, log, argoCd, context.workspaceState);
  context.subscriptions.push(syncAgent);

  const status = agentStatusSource(
    syncAgent.service,
    argoCd,
    () => session.catalog.current.applications,
  );
  context.subscriptions.push(status);
  const dashboardServices = { workspace, catalog: session.catalog, renders, status };
  context.subscriptions.push(registerDashboard(context, dashboardServices, runner, log));
  context.subscriptions.push(registerRelease(session, runner, log));
  return argoCd;
}

/** Keeps the `gitops:untrusted` context key, which menus and welcome views read, current. */
function trackWorkspaceTrust(context: vscode.ExtensionContext): void {
  const untrusted = !vscode.workspace.isTrusted;
  void vscode.commands.executeCommand('setContext', contextKeys.untrusted, untrusted);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void vscode.commands.executeCommand('setContext', contextKeys.untrusted, false);
    }),
  );
}

function testApi(
  session: Session,
  ready: Promise<void>,
  argoCd: ArgoCdMode,
  activationMilliseconds: number,
): GitOpsTestApi {
  return {
    activationMilliseconds,
    session,
    ready,
    model: () => session.workspace.model,
    environmentsTree: session.environmentsTree,
    applicationsTree: session.applicationsTree,
    previewUriFor,
    argoCd,
  };
}

export function deactivate(): void {
  // Everything is disposed through the extension context's subscriptions.
}
