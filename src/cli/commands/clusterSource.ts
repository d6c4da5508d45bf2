import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { JsonObject } from '../../core/drift';
import { isJsonObject } from '../../core/drift';
import { findApplication, resolveWorkspaceApplications } from '../../core/argo/workspace';
import { render } from '../../core/render/renderer';
import { WorkspaceModel } from '../../core/workspace/model';
import {
  ClusterConnection,
  ClusterContext,
  ClusterTimeoutError,
  ClusterUnreachableError,
  errorMessage,
} from '../../cluster';
import type { ApplicationSource } from '../../cluster';
import type { CliIo, CliOption, ParsedArgs } from '../io';
import { flagValue, UsageError } from '../io';

/** The options every cluster command accepts, for `parseArgs` and `--help`. */
export const clusterOptions: readonly CliOption[] = [
  {
    name: 'workspace',
    value: 'DIR',
    help: 'workspace that defines APPLICATION (default: current folder)',
  },
  {
    name: 'kubeconfig',
    value: 'FILE',
    help: 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)',
  },
  { name: 'context', value: 'NAME', help: 'kubeconfig context (default: the current context)' },
  {
    name: 'name',
    value: 'APP',
    help: 'Application name for a DIR target (default: the folder name)',
  },
  {
    name: 'namespace',
    value: 'NS',
    help: 'namespace for namespaced objects that set none (default: default)',
  },
  { name: 'json', help: 'print the report as JSON instead of text' },
];

/**
 * Builds the Application to diff or sync from the command's target. A target is an overlay
 * folder, rendered with kustomize, whose Application name is `--name`, else the folder name.
 * Any other target names an Argo CD Application of the workspace (`--workspace`, else the
 * current directory), whose source folder, destination namespace and ignoreDifferences are used.
 */
export async function loadSource(
  parsed: ParsedArgs,
  io: CliIo,
  signal: AbortSignal,
): Promise<ApplicationSource> {
  if (parsed.positionals.length !== 1) {
    throw new UsageError('expected exactly one DIR');
  }
  const target = parsed.positionals[0] ?? '';
  const dir = path.resolve(io.cwd, target);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    return loadApplicationByName(
      target,
      path.resolve(io.cwd, flagValue(parsed, 'workspace') ?? '.'),
      signal,
    );
  }

  const name = flagValue(parsed, 'name') ?? path.basename(dir);
  const namespace = flagValue(parsed, 'namespace');
  const manifests = await renderManifests(dir, signal);
  return { name, manifests, ...(namespace === undefined ? {} : { namespace }) };
}

async function loadApplicationByName(
  reference: string,
  workspace: string,
  signal: AbortSignal,
): Promise<ApplicationSource> {
  const model = new WorkspaceModel([workspace]);
  model.load();
  const resolution = await resolveWorkspaceApplications(model);
  const application = findApplication(resolution, reference);
  if (application === undefined) {
    const names = resolution.applications.map((candidate) => candidate.name).join(', ') || 'none';
    throw new UsageError(
      `"${reference}" is neither a folder nor an Application in ${workspace} (Applications: ${names})`,
    );
  }
  if (application.localPath === undefined) {
    const reasons = application.sources.flatMap((source) => {
      return source.resolution.kind === 'unresolved' ? [source.resolution.reason] : [];
    });
    throw new Error(
      `Application ${application.name} (${application.file}:${application.line}) has no local source: ${reasons.join('; ')}`,
    );
  }

  const namespace = application.destination?.namespace;
  return {
    name: application.name,
    manifests: await renderManifests(application.localPath, signal),
    ignoreDifferences: application.ignoreDifferences,
    ...(namespace === undefined ? {} : { namespace }),
  };
}

async function renderManifests(dir: string, signal: AbortSignal): Promise<JsonObject[]> {
  const result = await render(dir, {}, signal);
  if (!result.ok) {
    throw new Error(result.error?.message ?? `kustomize build of ${dir} failed`);
  }
  const manifests: JsonObject[] = [];
  for (const document of parseAllDocuments(result.yaml)) {
    const value: unknown = document.toJS();
    if (isJsonObject(value as never)) {
      manifests.push(value as JsonObject);
    }
  }
  return manifests;
}

/**
 * Retry policy of the commands: two quick retries (after 1 and 2 s), so an unreachable server
 * fails a command in seconds. The editor's background agent keeps the longer Argo CD backoff.
 */
export const cliRetry = { retries: 2, baseDelayMs: 1_000 } as const;

/** Exit codes of diff and sync. */
export const exitCodes = { synced: 0, outOfSync: 1, error: 2 } as const;

/** Usage lines that explain the exit codes of diff and sync. */
export const exitCodeHelp =
  '\nExit codes: 0 synced, 1 out of sync (or an object failed to sync), 2 error ' +
  '(invalid arguments, kubeconfig not found, cluster unreachable, render failed).';

/**
 * Opens the cluster named by `--kubeconfig` and `--context` and checks that its API server
 * responds, so an unreachable server fails before any other request. Log lines go to standard
 * error.
 */
export async function openCluster(
  parsed: ParsedArgs,
  io: CliIo,
  command: string,
  signal?: AbortSignal,
): Promise<ClusterContext> {
  const kubeconfig = flagValue(parsed, 'kubeconfig');
  const context = flagValue(parsed, 'context');
  const connection = await ClusterConnection.open({
    ...(kubeconfig === undefined ? {} : { kubeconfig: path.resolve(io.cwd, kubeconfig) }),
    ...(context === undefined ? {} : { context }),
  });
  const log = (message: string) => io.err(`gitops-workbench ${command}: ${message}\n`);
  const cluster = new ClusterContext(connection, cliRetry, log);
  try {
    await cluster.checkServer(signal);
  } catch (error) {
    connection.close();
    throw error;
  }
  return cluster;
}

/**
 * Runs a diff or sync and turns any error other than a usage mistake into exit code 2, so
 * scripts can tell a failed run from an out-of-sync result (exit code 1).
 */
export async function runClusterCommand(
  io: CliIo,
  command: string,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      throw error;
    }
    let hint = '';
    if (error instanceof ClusterUnreachableError || error instanceof ClusterTimeoutError) {
      hint = '; check that the API server is running and that the kubeconfig names its address';
    }
    io.err(`gitops-workbench ${command}: ${errorMessage(error)}${hint}\n`);
    return exitCodes.error;
  }
}

/** Creates an AbortSignal that fires on Ctrl-C, so requests and retry waits stop at once. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  // Every request in flight listens on the signal, and up to 16 run at once.
  setMaxListeners(64, controller.signal);
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  return {
    signal: controller.signal,
    dispose: () => process.removeListener('SIGINT', onInterrupt),
  };
}

/**
 * Runs `work` with an open cluster, the rendered Application of the command's target and a
 * signal that Ctrl-C aborts; closes the connection afterwards.
 */
export async function withClusterSource(
  parsed: ParsedArgs,
  io: CliIo,
  command: string,
  work: (
    cluster: ClusterContext,
    source: ApplicationSource,
    signal: AbortSignal,
  ) => Promise<number>,
): Promise<number> {
  const interrupt = interruptSignal();
  let cluster: ClusterContext | undefined;
  try {
    cluster = await openCluster(parsed, io, command, interrupt.signal);
    const source = await loadSource(parsed, io, interrupt.signal);
    return await work(cluster, source, interrupt.signal);
  } finally {
    cluster?.connection.close();
    interrupt.dispose();
  }
}
