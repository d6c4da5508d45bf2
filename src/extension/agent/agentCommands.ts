import * as vscode from 'vscode';
import type { ApplicationSource, ClusterContext, DiffReport } from '../../cluster';
import { diffApplication, errorMessage, syncApplication } from '../../cluster';
import type { JsonObject } from '../../core/drift';
import { describeKey } from '../../core/drift';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { CommandRunner } from '../commandRunner';
import { CommandCancelled } from '../commandRunner';
import type { ComponentLog } from '../log';
import type { Session } from '../session';
import { agentCommandIds, agentPausedKey } from './agentIds';
import type { AgentService } from './agentService';
import type { DiffDocuments } from './diffDocuments';
import { diffTexts } from './diffDocuments';

/** A node of the Applications or Environments view, or nothing from the Command Palette. */
type CommandArgument =
  | { readonly application?: ResolvedApplication; readonly environment?: { readonly dir: string } }
  | undefined;

/** Result of Diff Application Against Cluster, returned so tests can read the outcome. */
export type DiffOutcome = { readonly report: DiffReport } | { readonly error: string };

interface Dependencies {
  readonly session: Session;
  readonly service: AgentService;
  readonly documents: DiffDocuments;
  readonly log: ComponentLog;
}

export function registerAgentCommands(
  runner: CommandRunner,
  dependencies: Dependencies,
): vscode.Disposable[] {
  const { service } = dependencies;
  return [
    runner.register(agentCommandIds.diff, (node?: CommandArgument) =>
      diffCommand(dependencies, node),
    ),
    runner.register(agentCommandIds.sync, (node?: CommandArgument) =>
      syncCommand(dependencies, node),
    ),
    runner.register(agentCommandIds.pause, () => setPaused(service, true)),
    runner.register(agentCommandIds.resume, () => setPaused(service, false)),
    runner.register(agentCommandIds.showStatus, () => showStatus(dependencies)),
  ];
}

async function setPaused(service: AgentService, paused: boolean): Promise<void> {
  if (paused) {
    service.pause();
  } else {
    service.resume();
  }
  await vscode.commands.executeCommand('setContext', agentPausedKey, paused);
}

async function diffCommand(
  dependencies: Dependencies,
  node: CommandArgument,
): Promise<DiffOutcome> {
  const application = await pickApplication(dependencies, node);
  const dir = application.localPath ?? '';
  try {
    const title = `Diffing ${application.name}`;
    const { report, texts } = await withCluster(dependencies, title, async (cluster, signal) => {
      const manifests = await dependencies.service.renderObjects(dir);
      const source = sourceFor(application, manifests);
      const diff = await diffApplication(cluster, source, signal);
      return { report: diff, texts: await diffTexts(cluster, diff, manifests, signal) };
    });
    const live = dependencies.documents.put(`${application.name}.live`, texts.live);
    const desired = dependencies.documents.put(`${application.name}.desired`, texts.desired);
    const diffTitle = `${application.name}: cluster ↔ workspace (${report.status})`;
    await vscode.commands.executeCommand('vscode.diff', live, desired, diffTitle);
    return { report };
  } catch (error) {
    return reportFailure(dependencies.log, `Diff of Application "${application.name}"`, error);
  }
}

async function syncCommand(dependencies: Dependencies, node: CommandArgument): Promise<void> {
  const { service, log } = dependencies;
  const application = await pickApplication(dependencies, node);
  if (service.isManagedByArgoCd(application)) {
    throw new Error(
      `Argo CD manages Application "${application.name}"; use GitOps: Sync with Argo CD.`,
    );
  }
  const dir = application.localPath ?? '';
  await withCluster(dependencies, `Syncing ${application.name}`, async (cluster, signal) => {
    const blocked = service.manualSyncBlockedReason(cluster.connection.contextName);
    if (blocked !== undefined) {
      throw new Error(`Sync of "${application.name}" is not allowed: ${blocked}.`);
    }
    const manifests = await service.renderObjects(dir);
    const source = sourceFor(application, manifests);
    const report = await diffApplication(cluster, source, signal);
    const prune = await confirmSync(application, report);
    const result = await syncApplication(cluster, source, {
      prune,
      createNamespace: (application.syncPolicy?.syncOptions ?? []).includes('CreateNamespace=true'),
      applyOutOfSyncOnly: true,
      // The user confirmed the listed changes, so fields that kubectl edits took over (for
      // example replicas after `kubectl scale`) go back to the workspace values, as in Argo CD.
      force: true,
      signal,
    });
    log.info(`Application "${application.name}": sync ${result.phase}`);
    service.afterManualSync(application);
    const message = `Sync of ${application.name}: ${result.phase}`;
    if (result.phase === 'Succeeded') {
      void vscode.window.showInformationMessage(message);
    } else {
      void vscode.window.showErrorMessage(`${message}. The log lists each failed object.`);
    }
  });
}

/** Lists what the sync changes and requests confirmation; returns whether to prune. */
async function confirmSync(application: ResolvedApplication, report: DiffReport): Promise<boolean> {
  const changes = report.resources.filter((resource) => resource.status !== 'Synced');
  if (changes.length === 0) {
    void vscode.window.showInformationMessage(`Application ${application.name} is already Synced.`);
    throw new CommandCancelled();
  }
  const lines = changes.map((resource) => `${resource.status}: ${describeKey(resource.key)}`);
  const extraneous = changes.some((resource) => resource.status === 'Extraneous');
  const buttons = extraneous ? ['Sync', 'Sync and Prune'] : ['Sync'];
  const shown = lines.slice(0, 20);
  if (lines.length > shown.length) {
    shown.push(`... and ${lines.length - shown.length} more`);
  }
  const detail = shown.join('\n');
  const choice = await vscode.window.showWarningMessage(
    `Sync Application ${application.name}? ${changes.length} objects will change.`,
    { modal: true, detail },
    ...buttons,
  );
  if (choice === undefined) {
    throw new CommandCancelled();
  }
  return choice === 'Sync and Prune';
}

function sourceFor(application: ResolvedApplication, manifests: JsonObject[]): ApplicationSource {
  const namespace = application.destination?.namespace;
  return { name: application.name, manifests, ...(namespace === undefined ? {} : { namespace }) };
}

/** Runs `work` with a command connection and a cancellable progress notification. */
async function withCluster<T>(
  dependencies: Dependencies,
  title: string,
  work: (cluster: ClusterContext, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const location = vscode.ProgressLocation.Notification;
  return vscode.window.withProgress(
    { location, title, cancellable: true },
    async (_progress, token) => {
      const cluster = await dependencies.service.openCommandCluster();
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        return await work(cluster, abort.signal);
      } finally {
        subscription.dispose();
        cluster.connection.close();
      }
    },
  );
}

/** Logs a failed command and shows it with an Open Log action; returns the message for tests. */
function reportFailure(log: ComponentLog, what: string, error: unknown): DiffOutcome {
  if (error instanceof CommandCancelled) {
    throw error;
  }
  const hint =
    'Check gitops.cluster.kubeconfig and gitops.cluster.context, then run the command again.';
  const message = `${what} failed: ${errorMessage(error)}. ${hint}`;
  log.error(message);
  void vscode.window.showErrorMessage(message, 'Open Log').then((action) => {
    if (action === 'Open Log') {
      void vscode.commands.executeCommand('gitops.showLog');
    }
  });
  return { error: message };
}

/** Takes the Application of a tree node, else the one deploying an environment, else a pick. */
async function pickApplication(
  dependencies: Dependencies,
  node: CommandArgument,
): Promise<ResolvedApplication> {
  const catalog = dependencies.session.catalog;
  if (node?.application !== undefined) {
    return node.application;
  }
  const candidates =
    node?.environment === undefined
      ? catalog.current.applications.filter((application) => application.localPath !== undefined)
      : catalog.applicationsDeploying(node.environment.dir);
  if (candidates.length === 1 && candidates[0] !== undefined) {
    return candidates[0];
  }
  if (candidates.length === 0) {
    throw new Error('No Argo CD Application with a source folder in the workspace was found.');
  }
  const items = candidates.map((application) => ({
    label: application.name,
    description: application.destination?.namespace ?? '',
    application,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Application' });
  if (picked === undefined) {
    throw new CommandCancelled();
  }
  return picked.application;
}

/** Shows each Application's agent status in a quick pick; picking one opens its diff. */
async function showStatus(dependencies: Dependencies): Promise<void> {
  const { service, session } = dependencies;
  const states = service.states();
  if (states.length === 0) {
    const reason = service.connectionError ?? 'no workspace Application targets this context';
    void vscode.window.showInformationMessage(`GitOps sync agent: ${reason}.`);
    return;
  }
  const items = states.map((state) => ({
    label: state.application.name,
    description: `${state.status} · ${state.health}${service.paused ? ' · paused' : ''}`,
    detail: state.error ?? state.readOnlyReason ?? '',
    id: state.application.id,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Open the diff of' });
  const application = session.catalog.current.applications.find((candidate) => {
    return `${candidate.file}#${candidate.name}` === picked?.id;
  });
  if (application !== undefined) {
    await vscode.commands.executeCommand(agentCommandIds.diff, { application });
  }
}
