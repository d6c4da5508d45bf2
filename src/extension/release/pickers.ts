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

export function pickEnvironment(
  environments: readonly Environment[],
  title: string,
): Promise<Environment> {
  if (environments.length === 0) {
    throw new Error('No environment found: the workspace has no overlay kustomization.');
  }
  const items = environments.map((environment) => ({
    label: environment.name,
    description: vscode.workspace.asRelativePath(environment.dir, true),
    value: environment,
  }));
  return pickValue(items, { title, placeHolder: 'Environment' });
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
