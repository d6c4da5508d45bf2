import * as path from 'node:path';
import type { WorkspaceModel } from '../workspace/model';
import { readArgoFiles, readRemotesOf } from './loader';
import type { ArgoResolution, ResolvedApplication } from './resolve';
import { resolveApplications } from './resolve';

/**
 * Resolves the Argo CD objects among the YAML files a loaded model found, reusing its walk of
 * the folders. Sources may live in any clone under the folders, so every folder holding YAML
 * is searched for a git repository and its remotes.
 */
export async function resolveWorkspaceApplications(model: WorkspaceModel): Promise<ArgoResolution> {
  const files = model.yamlFiles();
  const argoFiles = readArgoFiles(files, model.source);
  const folders = new Set([...model.folders, ...files.map((file) => path.dirname(file))]);
  const remotes = await readRemotesOf([...folders]);
  return resolveApplications(argoFiles, remotes, model.source);
}

/** Finds an Application by name, or by `namespace/name` when two share a name. */
export function findApplication(
  resolution: ArgoResolution,
  reference: string,
): ResolvedApplication | undefined {
  const slash = reference.indexOf('/');
  const namespace = slash === -1 ? undefined : reference.slice(0, slash);
  const name = slash === -1 ? reference : reference.slice(slash + 1);
  return resolution.applications.find((application) => {
    return (
      application.name === name && (namespace === undefined || application.namespace === namespace)
    );
  });
}
