import * as fs from 'node:fs';
import * as git from 'isomorphic-git';

/**
 * Where the environment stands against the workspace: Argo CD synced the workspace HEAD
 * (`current`), an older commit of it (`behind`), a commit that builds on HEAD (`ahead`), a commit
 * on another line of history (`diverged`), or a commit the local clone does not have (`unknown`).
 */
export type RevisionRelation =
  | { readonly kind: 'current' }
  | { readonly kind: 'behind'; readonly commits: number | undefined }
  | { readonly kind: 'ahead'; readonly commits: number | undefined }
  | { readonly kind: 'diverged' }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Commits walked at most when counting how far apart two revisions are. */
const countDepth = 500;

/**
 * Compares the revision Argo CD synced with `head`, the workspace commit, in the repository at
 * `dir`. Only full commit ids are compared; a tag or branch name yields `unknown`.
 */
export async function compareRevisions(
  dir: string,
  synced: string,
  head: string,
): Promise<RevisionRelation> {
  if (!/^[0-9a-f]{40}$/.test(synced)) {
    return { kind: 'unknown', reason: `${synced} is not a Git commit id` };
  }
  if (synced === head) {
    return { kind: 'current' };
  }
  if (!(await hasCommit(dir, synced))) {
    return {
      kind: 'unknown',
      reason: `commit ${synced.slice(0, 7)} is not in the local clone; fetch to compare`,
    };
  }

  if (await git.isDescendent({ fs, dir, oid: head, ancestor: synced, depth: -1 })) {
    return { kind: 'behind', commits: await countCommits(dir, head, synced) };
  }
  if (await git.isDescendent({ fs, dir, oid: synced, ancestor: head, depth: -1 })) {
    return { kind: 'ahead', commits: await countCommits(dir, synced, head) };
  }
  return { kind: 'diverged' };
}

/** Reads the commit id of HEAD in the repository at `dir`. */
export function readHead(dir: string): Promise<string> {
  return git.resolveRef({ fs, dir, ref: 'HEAD' });
}

/** Writes a relation for people: "2 commits behind the workspace". */
export function describeRelation(relation: RevisionRelation): string {
  switch (relation.kind) {
    case 'current':
      return 'at the workspace HEAD';
    case 'behind':
    case 'ahead':
      return `${countText(relation.commits)} ${relation.kind} the workspace`;
    case 'diverged':
      return 'on a different line of history than the workspace';
    case 'unknown':
      return `not compared: ${relation.reason}`;
  }
}

function countText(commits: number | undefined): string {
  if (commits === undefined) {
    return `more than ${countDepth} commits`;
  }
  return commits === 1 ? '1 commit' : `${commits} commits`;
}

async function hasCommit(dir: string, oid: string): Promise<boolean> {
  try {
    await git.readCommit({ fs, dir, oid });
    return true;
  } catch {
    return false;
  }
}

/**
 * Counts the commits `git log newer` lists before `older`. On a history with merges this counts
 * commits of merged branches too, so it is an upper bound of the first-parent distance.
 */
async function countCommits(
  dir: string,
  newer: string,
  older: string,
): Promise<number | undefined> {
  const entries = await git.log({ fs, dir, ref: newer, depth: countDepth });
  const index = entries.findIndex((entry) => entry.oid === older);
  return index === -1 ? undefined : index;
}
