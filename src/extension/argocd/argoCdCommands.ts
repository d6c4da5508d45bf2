import * as os from 'node:os';
import * as vscode from 'vscode';
import { followOperation, requestRefresh, requestSync } from '../../cluster/argocd/actions';
import type { LiveApplication } from '../../core/argocd/application';
import type { OperationProgress, RefreshKind, SyncRequest } from '../../core/argocd/operation';
import { describeOperation } from '../../core/argocd/operation';
import type { ResolvedApplication } from '../../core/argo/resolve';
import { CommandCancelled } from '../commandRunner';
import type { CommandRunner } from '../commandRunner';
import type { ComponentLog } from '../log';
import { readArgoCdSettings } from './argoCdSettings';
import type { ArgoCdService } from './argoCdService';

export const argoCdCommandIds = {
  sync: 'gitops.argocd.sync',
  refresh: 'gitops.argocd.refresh',
  open: 'gitops.argocd.open',
} as const;

/** A tree node of the Applications view, or nothing when run from the Command Palette. */
type CommandArgument = { readonly application?: ResolvedApplication } | undefined;

export function registerArgoCdCommands(
  runner: CommandRunner,
  service: ArgoCdService,
  log: ComponentLog,
): vscode.Disposable[] {
  return [
    runner.register(argoCdCommandIds.sync, (node?: CommandArgument) =>
      syncCommand(service, log, node),
    ),
    runner.register(argoCdCommandIds.refresh, (node?: CommandArgument) =>
      refreshCommand(service, node),
    ),
    runner.register(argoCdCommandIds.open, (node?: CommandArgument) => openCommand(service, node)),
  ];
}

async function syncCommand(
  service: ArgoCdService,
  log: ComponentLog,
  node: CommandArgument,
): Promise<void> {
  const live = await pickApplication(service, node);
  const request = await pickSyncRequest(live);
  const connection = requireConnection(service);
  const watch = service.watch;

  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Argo CD sync of ${live.name}`,
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());

      const { application, notes } = await requestSync(connection, live, request, abort.signal);
      notes.forEach((note) => log.warn(note));
      log.info(`sync requested for ${live.namespace}/${live.name} (${JSON.stringify(request)})`);
      if (watch === undefined) {
        return;
      }
      const onProgress = (step: OperationProgress) =>
        progress.report({ message: progressText(step) });
      const result = await followOperation(watch, application, onProgress, abort.signal);
      await showResult(live, describeOperation(result.state), result.succeeded, log);
    },
  );
}

async function showResult(
  live: LiveApplication,
  summary: string,
  succeeded: boolean,
  log: ComponentLog,
): Promise<void> {
  const message = `Argo CD sync of ${live.name}: ${summary}`;
  if (succeeded) {
    log.info(message);
    await vscode.window.showInformationMessage(message);
    return;
  }
  log.error(message);
  await vscode.window.showErrorMessage(message);
}

function progressText(step: OperationProgress): string {
  switch (step.kind) {
    case 'requested':
      return 'waiting for the Argo CD controller to start the sync';
    case 'running':
      return step.state.message === ''
        ? step.state.phase
        : `${step.state.phase}: ${step.state.message}`;
    case 'finished':
      return step.state.phase;
  }
}

async function pickSyncRequest(live: LiveApplication): Promise<SyncRequest> {
  const target = live.sources[0]?.targetRevision ?? 'HEAD';
  const revision = await vscode.window.showInputBox({
    title: `Sync ${live.name}: revision`,
    prompt: `Git revision to sync to; leave empty for the target revision ${target}`,
    value: '',
  });
  if (revision === undefined) {
    throw new CommandCancelled();
  }

  const options = [
    { label: 'Prune', description: 'delete objects that Git no longer contains', id: 'prune' },
    {
      label: 'Dry run',
      description: 'compare and validate without changing the cluster',
      id: 'dryRun',
    },
  ];
  const picked = await vscode.window.showQuickPick(options, {
    title: `Sync ${live.name}: options`,
    canPickMany: true,
  });
  if (picked === undefined) {
    throw new CommandCancelled();
  }
  const chosen = picked.map((option) => option.id);
  // NOTE: the operating system user name replaces the Argo CD user name, which this client cannot read.
  return {
    revision: revision.trim(),
    prune: chosen.includes('prune'),
    dryRun: chosen.includes('dryRun'),
    username: os.userInfo().username,
  };
}

async function refreshCommand(service: ArgoCdService, node: CommandArgument): Promise<void> {
  const live = await pickApplication(service, node);
  const kinds = [
    {
      label: 'Normal',
      description: 'compare with the cached manifests',
      refresh: 'normal' as RefreshKind,
    },
    {
      label: 'Hard',
      description: 'render the manifests from Git again',
      refresh: 'hard' as RefreshKind,
    },
  ];
  const picked = await vscode.window.showQuickPick(kinds, { title: `Refresh ${live.name}` });
  if (picked === undefined) {
    throw new CommandCancelled();
  }
  await requestRefresh(requireConnection(service), live, picked.refresh);
  vscode.window.setStatusBarMessage(
    `Argo CD refresh (${picked.refresh}) requested for ${live.name}`,
    5_000,
  );
}

async function openCommand(service: ArgoCdService, node: CommandArgument): Promise<void> {
  const url = readArgoCdSettings().url;
  if (url === '') {
    throw new Error(
      'gitops.argocd.url is not set; set it to the address of the Argo CD web UI, e.g. https://argocd.example.com',
    );
  }
  const live = await pickApplication(service, node);
  const path = `/applications/${encodeURIComponent(live.namespace)}/${encodeURIComponent(live.name)}`;
  await vscode.env.openExternal(vscode.Uri.parse(url + path));
}

async function pickApplication(
  service: ArgoCdService,
  node: CommandArgument,
): Promise<LiveApplication> {
  if (!service.mode.active) {
    throw new Error(`Argo CD mode is off: ${service.mode.reason}`);
  }
  if (node?.application !== undefined) {
    const live = service.liveFor(node.application);
    if (live === undefined) {
      throw new Error(`no Argo CD Application on the cluster matches ${node.application.name}`);
    }
    return live;
  }

  const applications = service.watch?.list() ?? [];
  const items = applications.map((live) => ({
    label: live.name,
    description: `${live.namespace} · ${live.syncStatus} · ${live.health}`,
    live,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Argo CD Application' });
  if (picked === undefined) {
    throw new CommandCancelled();
  }
  return picked.live;
}

function requireConnection(service: ArgoCdService) {
  const connection = service.connection;
  if (connection === undefined) {
    throw new Error('not connected to a cluster; check gitops.cluster.context and the log');
  }
  return connection;
}
