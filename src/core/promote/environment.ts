import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveKustomizationFile } from '../images/file';
import { WorkspaceModel } from '../workspace/model';

/**
 * Resolves an environment argument to its overlay folder: an existing folder or kustomization
 * file (relative to `cwd`), else an overlay of that name in the workspace, else `env/<name>`
 * under the workspace, the layout of many GitOps delivery repositories.
 */
export function resolveEnvironmentFolder(argument: string, workspace: string, cwd: string): string {
  const asPath = resolve(cwd, argument);
  if (statSync(asPath, { throwIfNoEntry: false }) !== undefined) {
    return asPath;
  }

  const model = new WorkspaceModel([workspace], {});
  model.load();
  const found = model.findEnvironment(argument);
  if (found !== undefined) {
    return found.dir;
  }

  const conventional = join(workspace, 'env', argument);
  if (statSync(conventional, { throwIfNoEntry: false })?.isDirectory() === true) {
    resolveKustomizationFile(conventional);
    return conventional;
  }
  const known = model.environments().map((environment) => environment.name);
  const list = known.length > 0 ? known.join(', ') : 'none found';
  throw new Error(
    `environment "${argument}" not found in ${workspace} (environments: ${list}); pass an overlay folder or --workspace`,
  );
}
