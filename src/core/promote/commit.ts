import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { setImagesInFile, writeFileAtomically } from '../images/file';
import type { SetImageRequest } from '../images/setImageArgs';
import { commitFiles, type CommitResult, type GitIdentity } from '../git/commit';
import type { ImageTagChange } from '../git/history';
import {
  assertReadyToCommit,
  assertUnchangedSinceHead,
  openRepository,
  readRepositoryState,
} from '../git/repository';
import type { PromotedImage, PromotionPlan } from './plan';

const maxSubjectLength = 72;

/** Shortens an image name to its last path component for commit subjects. */
function shortName(image: string): string {
  return image.slice(image.lastIndexOf('/') + 1);
}

function versionText(tag: string | undefined, digest: string | undefined): string {
  const parts = [tag ?? '(no tag)'];
  if (digest !== undefined) {
    parts.push(`@${digest.length > 19 ? digest.slice(0, 19) + '…' : digest}`);
  }
  return parts.join('');
}

/**
 * Writes the commit message of a promotion: a subject naming both environments and the new
 * tag, then one line per image with the old and new version, and the source commit.
 */
export function promotionMessage(plan: PromotionPlan, sourceCommit: string): string {
  const changed = plan.images.filter((image) => image.changed);
  const first = changed[0];
  const what =
    changed.length === 1 && first !== undefined
      ? `${shortName(first.targetAfter.name)} ${versionText(first.next.tag, undefined)}`
      : `${changed.length} images`;
  let subject = `Promote ${what} from ${plan.sourceEnvironment} to ${plan.targetEnvironment}`;
  if (subject.length > maxSubjectLength) {
    subject =
      `Promote ${plan.sourceEnvironment} to ${plan.targetEnvironment}: ${changed.length} image(s)`.slice(
        0,
        maxSubjectLength,
      );
  }

  const lines = changed.map((image: PromotedImage) => {
    const before =
      image.current === undefined
        ? 'new entry'
        : versionText(image.current.tag, image.current.digest);
    return `- ${image.targetAfter.name}: ${before} -> ${versionText(image.next.tag, image.next.digest)}`;
  });
  const heading = `Images set in ${plan.targetEnvironment} to the versions in ${plan.sourceEnvironment}:`;
  return [subject, '', heading, ...lines, '', `Source commit: ${sourceCommit}`, ''].join('\n');
}

/** Returns the default branch of a promotion: `promote/<target environment>-<first new tag>`. */
export function promotionBranchName(plan: PromotionPlan): string {
  const tag = plan.images.find((image) => image.changed)?.next.tag ?? 'images';
  const cleaned = `${plan.targetEnvironment}-${tag}`
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '');
  return `promote/${cleaned}`;
}

export interface ApplyPromotionOptions {
  readonly commit: boolean;
  /** Branch to create and commit on; the current branch when undefined. */
  readonly branch?: string;
  readonly author?: GitIdentity;
  /**
   * Commit message, or a function of the short HEAD commit before the promotion that returns
   * it. `promotionMessage` is used when undefined.
   */
  readonly message?: string | ((sourceCommit: string) => string);
}

/**
 * Writes the planned target kustomization and, when asked, commits only that file. The
 * repository state is checked before anything is written, so a refused commit leaves the
 * working tree as it was.
 */
export async function applyPromotion(
  plan: PromotionPlan,
  options: ApplyPromotionOptions,
): Promise<CommitResult | undefined> {
  if (!plan.edit.changed) {
    return undefined;
  }
  if (!options.commit) {
    assertTargetAsPlanned(plan);
    writeFileAtomically(plan.targetFile, plan.newTargetText);
    return undefined;
  }

  const repository = await openRepository(plan.targetFile);
  const state = await readRepositoryState(repository);
  assertReadyToCommit(repository, state);
  await assertUnchangedSinceHead(repository, plan.targetFile);
  assertTargetAsPlanned(plan);
  writeFileAtomically(plan.targetFile, plan.newTargetText);
  const message = commitMessage(plan, state.shortHead, options.message);
  const commitOptions = {
    files: [plan.targetFile],
    message,
    ...optional('newBranch', options.branch),
    ...optional('author', options.author),
  };
  return commitFiles(repository, commitOptions);
}

/**
 * Throws when the target file no longer has the text the plan was made from, because writing
 * the planned text would then drop whatever changed it (an edit, a pull, a checkout).
 */
function assertTargetAsPlanned(plan: PromotionPlan): void {
  if (readFileSync(plan.targetFile, 'utf8') === plan.targetText) {
    return;
  }
  throw new Error(
    `${plan.targetFile} changed on disk since the promotion was planned, so it was not written; ` +
      'run Promote again to plan from the current file.',
  );
}

function commitMessage(
  plan: PromotionPlan,
  sourceCommit: string,
  custom: ApplyPromotionOptions['message'],
): string {
  if (custom === undefined) {
    return promotionMessage(plan, sourceCommit);
  }
  return typeof custom === 'string' ? custom : custom(sourceCommit);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Rolls an image back to the entry it had before `change`, as a new commit on the current
 * branch. History is never rewritten. The whole old entry is restored, so a `newName` or
 * digest that changed with the tag comes back too.
 */
export async function rollbackImage(
  kustomizationFile: string,
  change: ImageTagChange,
  author?: GitIdentity,
): Promise<CommitResult> {
  const old = change.oldEntry;
  if (old === undefined) {
    throw new Error(
      `"${change.image}" had no entry before ${change.shortCommit}, so there is no tag to roll back to; remove the entry instead`,
    );
  }

  const repository = await openRepository(kustomizationFile);
  assertReadyToCommit(repository, await readRepositoryState(repository));
  await assertUnchangedSinceHead(repository, kustomizationFile);
  const request: SetImageRequest = {
    argument: old.name,
    name: old.name,
    newName: old.newName,
    newTag: old.newTag,
    digest: old.digest,
    emptyTag: false,
  };
  const result = setImagesInFile(kustomizationFile, [request]);
  const environment = basename(dirname(result.path));
  const subject =
    `Roll back ${shortName(old.name)} in ${environment} to ${versionText(old.newTag, undefined)}`.slice(
      0,
      maxSubjectLength,
    );
  const body = `Restores the image entry of ${old.name} as it was before ${change.shortCommit} ("${change.message}").`;
  return commitFiles(repository, {
    files: [result.path],
    message: `${subject}\n\n${body}\n`,
    ...optional('author', author),
  });
}
