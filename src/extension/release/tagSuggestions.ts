import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readImageHistory, type ImageTagChange } from '../../core/git/history';
import { openRepository, readRepositoryState } from '../../core/git/repository';
import type { Environment } from '../../core/workspace/environments';
import type { WorkspaceModel } from '../../core/workspace/model';
import type { ComponentLog } from '../log';
import { readReleaseSettings, type ReleaseSettings } from './releaseSettings';

/** A proposed tag and where it comes from. */
export interface TagSuggestion {
  readonly tag: string;
  readonly source: 'environment' | 'history' | 'traceable';
  readonly description: string;
  readonly detail?: string;
}

/** Maximum number of history changes read per suggestion list. */
const historyLimit = 50;

/** Returns the tag each environment sets for `image`, in promotion order. */
export function tagsByEnvironment(
  model: WorkspaceModel,
  image: string,
): { readonly environment: Environment; readonly tag: string | undefined }[] {
  return model.environments().map((environment) => {
    const images = model.root(environment.dir)?.kustomization?.images ?? [];
    const entry = images.find((candidate) => candidate.name === image);
    return { environment, tag: entry?.newTag };
  });
}

/** Lists the image's changes in an environment's kustomization history, newest first. */
export async function imageHistory(
  environment: Environment,
  image: string | undefined,
  limit = historyLimit,
): Promise<ImageTagChange[]> {
  const repository = await openRepository(environment.kustomizationFile);
  const changes = await readImageHistory(repository, environment.kustomizationFile, { limit });
  return image === undefined ? changes : changes.filter((change) => change.image === image);
}

/**
 * Collects tag suggestions: tags other environments run, earlier tags of this environment, and
 * traceable tags `<short commit>-<run id>` from the HEAD of each source repository.
 */
export async function suggestTags(
  model: WorkspaceModel,
  environment: Environment,
  image: string,
  log: ComponentLog,
): Promise<TagSuggestion[]> {
  const suggestions = [
    ...(await traceableTags(environment, log)),
    ...otherEnvironmentTags(model, environment, image),
    ...(await historyTags(environment, image, log)),
  ];
  const seen = new Set<string>();
  return suggestions.filter((suggestion) => {
    const fresh = !seen.has(suggestion.tag);
    seen.add(suggestion.tag);
    return fresh;
  });
}

function otherEnvironmentTags(
  model: WorkspaceModel,
  environment: Environment,
  image: string,
): TagSuggestion[] {
  return tagsByEnvironment(model, image).flatMap(({ environment: other, tag }) => {
    if (tag === undefined || other.dir === environment.dir) {
      return [];
    }
    return [{ tag, source: 'environment' as const, description: `runs in ${other.name}` }];
  });
}

async function historyTags(
  environment: Environment,
  image: string,
  log: ComponentLog,
): Promise<TagSuggestion[]> {
  let changes: ImageTagChange[];
  try {
    changes = await imageHistory(environment, image);
  } catch (error) {
    log.warn(`no history suggestions for ${environment.kustomizationFile}: ${String(error)}`);
    return [];
  }
  return changes.flatMap((change) => {
    if (change.newTag === undefined) {
      return [];
    }
    return [
      {
        tag: change.newTag,
        source: 'history' as const,
        description: earlierDescription(environment, change),
        detail: change.message,
      },
    ];
  });
}

function earlierDescription(environment: Environment, change: ImageTagChange): string {
  return `earlier in ${environment.name}, ${change.shortCommit} ${change.date.slice(0, 10)}`;
}

async function traceableTags(
  environment: Environment,
  log: ComponentLog,
): Promise<TagSuggestion[]> {
  const settings = readReleaseSettings(vscode.Uri.file(environment.dir));
  const runId = settings.runId === '' ? randomRunId() : settings.runId;
  const ownRoot = await repositoryRootOf(environment.dir);
  const suggestions: TagSuggestion[] = [];

  for (const folder of sourceRepositoryFolders(settings)) {
    try {
      const repository = await openRepository(folder);
      if (settings.sourceRepository === '' && repository.root === ownRoot) {
        continue;
      }
      const state = await readRepositoryState(repository);
      suggestions.push({
        tag: `${state.shortHead}-${runId}`,
        source: 'traceable',
        description: `HEAD of ${path.basename(repository.root)} with run id ${runId}`,
      });
    } catch (error) {
      log.debug(`no traceable tag from ${folder}: ${String(error)}`);
    }
  }
  return suggestions;
}

async function repositoryRootOf(folder: string): Promise<string | undefined> {
  try {
    return (await openRepository(folder)).root;
  } catch {
    return undefined;
  }
}

/**
 * Returns the folders whose Git HEAD names a build: `gitops.promote.sourceRepository` when set,
 * else every workspace folder (those in the environment's own repository are skipped later).
 */
function sourceRepositoryFolders(settings: ReleaseSettings): string[] {
  if (settings.sourceRepository !== '') {
    return [settings.sourceRepository];
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const local = folders.filter((folder) => folder.uri.scheme === 'file');
  return local.map((folder) => folder.uri.fsPath);
}

/** Returns five random lowercase letters and digits, the length of a CI run suffix like `x7k2p`. */
function randomRunId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(5)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
