import * as path from 'node:path';
import * as vscode from 'vscode';
import { commitFiles, type CommitResult } from '../../core/git/commit';
import type { ImageTagChange } from '../../core/git/history';
import {
  assertReadyToCommit,
  openRepository,
  readRepositoryState,
} from '../../core/git/repository';
import { setImagesInFile } from '../../core/images/file';
import type { SetImageRequest } from '../../core/images/setImageArgs';
import type { Environment } from '../../core/workspace/environments';
import { assertSaved } from './documentText';
import { activeEditorEnvironment, pickEnvironment, pickValue } from './pickers';
import type { ReleaseContext } from './releaseContext';
import { imageHistory } from './tagSuggestions';
import { isRecord, readCommandTarget } from './targets';

/** Commit made by Roll Back to This Tag, returned to callers such as tests. */
export interface RollbackResult {
  readonly environment: string;
  readonly image: string;
  readonly tag: string | undefined;
  readonly commit: CommitResult;
}

/**
 * Shows an environment's tag changes, newest first, in a quick pick. Choosing one offers to
 * roll the image back to the tag that change set. `argument` is a tree node or
 * `{ environment, image }`; `{ pick: false }` returns the changes without showing them.
 */
export async function showHistory(
  context: ReleaseContext,
  argument: unknown,
): Promise<ImageTagChange[] | RollbackResult | undefined> {
  const model = context.session.workspace.model;
  const target = readCommandTarget(model, argument);
  const preferred = activeEditorEnvironment(model);
  const environment =
    target.environment ??
    (await pickEnvironment(model.environments(), 'Show Tag History', preferred));
  const changes = await imageHistory(environment, target.image);
  if (isRecord(argument) && argument['pick'] === false) {
    return changes;
  }
  if (changes.length === 0) {
    const text = `No image changes in the history of ${environment.kustomizationFile}.`;
    void vscode.window.showInformationMessage(text);
    return undefined;
  }

  const title = `Tag history of ${environment.name}`;
  const change = await pickValue(changes.map(historyItem), { title, matchOnDetail: true });
  const rollback = `Roll Back ${path.basename(change.image)} to ${change.newTag ?? '(no tag)'}`;
  const choice = await vscode.window.showInformationMessage(describeChange(change), rollback);
  if (choice !== rollback) {
    return changes;
  }
  return rollbackTag(context, { environment: environment.dir, change });
}

function historyItem(change: ImageTagChange) {
  return {
    label: `${change.newTag ?? '(no tag)'}`,
    description: [path.basename(change.image), change.shortCommit, change.date.slice(0, 10)].join(
      ' · ',
    ),
    detail: `${change.author}: ${change.message}`,
    value: change,
  };
}

/** Describes a change in one line: image, old and new tag, commit, date, author and subject. */
export function describeChange(change: ImageTagChange): string {
  const tags = `${change.oldTag ?? '(none)'} → ${change.newTag ?? '(none)'}`;
  const when = change.date.slice(0, 16).replace('T', ' ');
  const commit = `${change.shortCommit} (${when} UTC, ${change.author})`;
  return `${change.image}: ${tags} in ${commit} "${change.message}"`;
}

/**
 * Sets the image back to the entry a history change wrote and commits only that kustomization
 * as a new commit on the current branch, so history is never rewritten. `argument` is a Tag
 * History node or `{ environment, change }`.
 */
export async function rollbackTag(
  context: ReleaseContext,
  argument: unknown,
): Promise<RollbackResult> {
  const model = context.session.workspace.model;
  const environment = readCommandTarget(model, argument).environment;
  const change = readChange(argument);
  if (environment === undefined || change === undefined) {
    const where = 'run it from Show Tag History or the Tag History view';
    throw new Error(`Roll Back to This Tag needs a tag change; ${where}.`);
  }
  const entry = change.newEntry;
  if (entry === undefined) {
    const reason = `${change.shortCommit} removed the entry of ${change.image}`;
    throw new Error(`${reason}, so it has no tag to roll back to`);
  }

  assertSaved(environment.kustomizationFile, 'roll back');
  const repository = await openRepository(environment.kustomizationFile);
  assertReadyToCommit(repository, await readRepositoryState(repository));
  const request: SetImageRequest = {
    argument: entry.name,
    name: entry.name,
    newName: entry.newName,
    newTag: entry.newTag,
    digest: entry.digest,
    emptyTag: false,
  };
  const result = setImagesInFile(environment.kustomizationFile, [request]);
  if (!result.changed) {
    const current = `${change.image} already runs ${change.newTag ?? 'that entry'}`;
    throw new Error(`${current} in ${environment.name}; nothing to roll back`);
  }

  const message = rollbackMessage(environment, change);
  const commit = await commitFiles(repository, { files: [result.path], message });
  context.onDidRelease();
  context.log.info(`rolled back ${change.image} in ${environment.name}: ${commit.shortCommit}`);
  return { environment: environment.name, image: change.image, tag: change.newTag, commit };
}

/** Reads `change` of `{ environment, change }` or of a Tag History node. */
function readChange(argument: unknown): ImageTagChange | undefined {
  const change = isRecord(argument) ? argument['change'] : undefined;
  return isRecord(change) && typeof change['commit'] === 'string'
    ? (change as unknown as ImageTagChange)
    : undefined;
}

function rollbackMessage(environment: Environment, change: ImageTagChange): string {
  const name = change.image.slice(change.image.lastIndexOf('/') + 1);
  const tag = change.newTag ?? 'its earlier entry';
  const subject = `Roll back ${name} in ${environment.name} to ${tag}`;
  const origin = `${change.shortCommit} ("${change.message}")`;
  const body = `Sets the image entry back to the one written by ${origin}.`;
  return `${subject.slice(0, 72)}\n\n${body}\n`;
}
