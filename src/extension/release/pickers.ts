import * as path from 'node:path';
import * as vscode from 'vscode';
import { splitKustomizeImage } from '../../core/images/reference';
import { imagesInManifests } from '../../core/promote/plan';
import type { Environment } from '../../core/workspace/environments';
import type { WorkspaceModel } from '../../core/workspace/model';
import { CommandCancelled } from '../commandRunner';
import type { RenderService } from '../render/renderService';

interface ValueItem<T> extends vscode.QuickPickItem {
  readonly value: T;
}

/** Shows a quick pick of values and returns the chosen one; throws CommandCancelled on Escape. */
export async function pickValue<T>(
  items: readonly ValueItem<T>[],
  options: vscode.QuickPickOptions,
): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, options);
  if (chosen === undefined) {
    throw new CommandCancelled();
  }
  return chosen.value;
}

/**
 * Asks for an environment. `preferred` (usually the active editor's environment) is listed
 * first, so Enter picks it; the others keep their promotion order.
 */
export function pickEnvironment(
  environments: readonly Environment[],
  title: string,
  preferred?: Environment,
): Promise<Environment> {
  if (environments.length === 0) {
    throw new Error('No environment found: the workspace has no overlay kustomization.');
  }
  const first = environments.find((environment) => environment.dir === preferred?.dir);
  const others = environments.filter((environment) => environment !== first);
  const ordered = first === undefined ? environments : [first, ...others];
  const items = ordered.map((environment) => {
    const folder = vscode.workspace.asRelativePath(environment.dir, true);
    const description = environment === first ? `${folder} · active editor` : folder;
    return { label: environment.name, description, value: environment };
  });
  return pickValue(items, { title, placeHolder: 'Environment' });
}

/**
 * Returns the environment of the active editor's file: the environment whose folder contains
 * it, or else the only environment whose build reads it. Undefined for a file that several
 * environments share, such as a base, and when no file editor is active.
 */
export function activeEditorEnvironment(model: WorkspaceModel): Environment | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (uri?.scheme !== 'file') {
    return undefined;
  }
  const file = uri.fsPath;
  const environments = model.environments();
  const containing = environments
    .filter((environment) => file.startsWith(environment.dir + path.sep))
    .sort((a, b) => b.dir.length - a.dir.length);
  if (containing[0] !== undefined) {
    return containing[0];
  }

  const dependents = new Set(model.rootsDependingOn(file));
  const reading = environments.filter((environment) => dependents.has(environment.dir));
  return reading.length === 1 ? reading[0] : undefined;
}

/**
 * Lists the image names of an environment: its `images:` entries first, then the container
 * images of its last render that no entry names yet.
 */
export function imageNamesOf(
  model: WorkspaceModel,
  renders: RenderService,
  environment: Environment,
): { readonly entries: string[]; readonly rendered: string[] } {
  const images = model.root(environment.dir)?.kustomization?.images ?? [];
  const entries = images.flatMap((entry) => (entry.name === undefined ? [] : [entry.name]));

  const result = renders.lastResult(environment.dir);
  const renderedImages = result?.ok === true ? imagesInManifests(result.yaml) : [];
  const renderedNames = renderedImages.map((image) => splitKustomizeImage(image).name);
  const rendered = [...new Set(renderedNames)].filter((name) => !entries.includes(name));
  return { entries, rendered };
}

export function pickImage(
  names: { readonly entries: readonly string[]; readonly rendered: readonly string[] },
  environment: Environment,
): Promise<string> {
  const entryItems = names.entries.map((name) => ({
    label: name,
    description: 'images: entry',
    value: name,
  }));
  const renderedItems = names.rendered.map((name) => ({
    label: name,
    description: 'rendered container, no images: entry yet',
    value: name,
  }));
  const items = [...entryItems, ...renderedItems];
  if (items.length === 0) {
    throw new Error(
      `${environment.kustomizationFile} has no images: entries and no rendered container images; ` +
        'open the Kustomize preview once or add an images: entry by hand',
    );
  }
  return pickValue(items, { title: `Image in ${environment.name}`, placeHolder: 'Image name' });
}
