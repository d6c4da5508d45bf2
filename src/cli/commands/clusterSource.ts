import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { JsonObject } from '../../core/drift';
import { isJsonObject } from '../../core/drift';
import { render } from '../../core/render/renderer';
import { ClusterConnection, ClusterContext } from '../../cluster';
import type { ApplicationSource } from '../../cluster';
import type { CliIo, ParsedArgs } from '../io';
import { flagValue, UsageError } from '../io';

/** Flags every cluster command takes a value for. */
export const clusterValueFlags = ['kubeconfig', 'context', 'name', 'namespace'];

/**
 * Builds the Application to diff or sync from the command's target. A target is an overlay
 * folder, rendered with kustomize; its Application name is `--name`, else the folder name.
 */
export async function loadSource(parsed: ParsedArgs, io: CliIo, signal: AbortSignal): Promise<ApplicationSource> {
  if (parsed.positionals.length !== 1) {
    throw new UsageError('expected exactly one DIR');
  }
  const target = parsed.positionals[0] ?? '';
  const dir = path.resolve(io.cwd, target);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    return loadApplicationByName(target);
  }

  const name = flagValue(parsed, 'name') ?? path.basename(dir);
  const namespace = flagValue(parsed, 'namespace');
  const manifests = await renderManifests(dir, signal);
  return { name, manifests, ...(namespace === undefined ? {} : { namespace }) };
}

/**
 * Hook for targets that name an Argo CD Application instead of a folder: it would look the
 * Application up in the workspace model, render its source path and use its destination
 * namespace and ignoreDifferences.
 */
function loadApplicationByName(target: string): never {
  // TODO: resolve Argo CD Application names through the workspace model.
  throw new UsageError(`"${target}" is not a folder; give the overlay folder to render`);
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

/** Opens the cluster named by `--kubeconfig` and `--context`; log lines go to standard error. */
export async function openCluster(parsed: ParsedArgs, io: CliIo, command: string): Promise<ClusterContext> {
  const kubeconfig = flagValue(parsed, 'kubeconfig');
  const context = flagValue(parsed, 'context');
  const connection = await ClusterConnection.open({
    ...(kubeconfig === undefined ? {} : { kubeconfig: path.resolve(io.cwd, kubeconfig) }),
    ...(context === undefined ? {} : { context }),
  });
  return new ClusterContext(connection, {}, (message) => io.err(`gitops-workbench ${command}: ${message}\n`));
}

/** Creates an AbortSignal that fires on Ctrl-C, so requests and retry waits stop at once. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  // Every request in flight listens on the signal, and up to 16 run at once.
  setMaxListeners(64, controller.signal);
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', onInterrupt) };
}
