import * as fs from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import * as git from 'isomorphic-git';

/** A local Git working tree: its root folder and its Git directory. */
export interface Repository {
  readonly root: string;
  readonly gitdir: string;
  /** Object cache shared by isomorphic-git calls on this repository; it speeds up reads from packfiles. */
  readonly cache: object;
}

/** The checked-out state of a repository. */
export interface RepositoryState {
  /** Short branch name, or undefined when HEAD is detached. */
  readonly branch: string | undefined;
  readonly head: string;
  readonly shortHead: string;
  /** An operation that must finish before anything is committed, or undefined. */
  readonly operation: 'merge' | 'rebase' | 'cherry-pick' | 'revert' | undefined;
}

/** A repository state that makes a commit unsafe, or a path outside any repository. */
export class GitStateError extends Error {}

/** Finds the repository that contains a file or folder. */
export async function openRepository(path: string): Promise<Repository> {
  const start = resolve(path);
  const folder =
    fs.statSync(start, { throwIfNoEntry: false })?.isDirectory() === true ? start : dirname(start);
  let root: string;
  try {
    root = await git.findRoot({ fs, filepath: folder });
  } catch {
    throw new GitStateError(
      `${path} is not inside a Git repository; run the command from a clone of the repository`,
    );
  }
  return { root, gitdir: gitdirOf(root), cache: {} };
}

/** Resolves `.git`, which is a folder, or a file naming the folder for linked worktrees and submodules. */
function gitdirOf(root: string): string {
  const dotGit = join(root, '.git');
  if (fs.statSync(dotGit).isDirectory()) {
    return dotGit;
  }
  const pointer = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'));
  const target = pointer?.[1]?.trim() ?? dotGit;
  return isAbsolute(target) ? target : resolve(root, target);
}

const operationMarkers: readonly {
  readonly marker: string;
  readonly operation: NonNullable<RepositoryState['operation']>;
}[] = [
  { marker: 'MERGE_HEAD', operation: 'merge' },
  { marker: 'rebase-merge', operation: 'rebase' },
  { marker: 'rebase-apply', operation: 'rebase' },
  { marker: 'CHERRY_PICK_HEAD', operation: 'cherry-pick' },
  { marker: 'REVERT_HEAD', operation: 'revert' },
];

/** Reads the current branch, the HEAD commit and any unfinished merge, rebase, cherry-pick or revert. */
export async function readRepositoryState(repository: Repository): Promise<RepositoryState> {
  const { root: dir, gitdir } = repository;
  const branch = await git.currentBranch({ fs, dir, gitdir, test: true });
  let head: string;
  try {
    head = await git.resolveRef({ fs, dir, gitdir, ref: 'HEAD' });
  } catch {
    throw new GitStateError(
      `${dir}: the repository has no commit yet; commit once before promoting`,
    );
  }

  const found = operationMarkers.find((candidate) => fs.existsSync(join(gitdir, candidate.marker)));
  return {
    branch: branch ?? undefined,
    head,
    shortHead: head.slice(0, 7),
    operation: found?.operation,
  };
}

/** Throws when a merge, rebase, cherry-pick or revert is in progress or HEAD is detached. */
export function assertReadyToCommit(repository: Repository, state: RepositoryState): void {
  if (state.operation !== undefined) {
    throw new GitStateError(
      `${repository.root}: a ${state.operation} is in progress; finish it or abort it (git ${state.operation} --continue or --abort) before committing`,
    );
  }
  if (state.branch === undefined) {
    throw new GitStateError(
      `${repository.root}: HEAD is detached at ${state.shortHead}; check out a branch before committing`,
    );
  }
}

/** Returns a path relative to the repository root with `/` separators, as Git stores it. */
export function repositoryPath(repository: Repository, path: string): string {
  const relativePath = relative(repository.root, resolve(path));
  if (relativePath.startsWith('..') || isAbsolute(relativePath)) {
    throw new GitStateError(`${path} is outside the repository ${repository.root}`);
  }
  return relativePath.split(sep).join('/');
}

/**
 * Throws when a file differs from HEAD in the working tree or the index, so a commit of the
 * file would also record edits the user has not committed. Call it before writing the file.
 */
export async function assertUnchangedSinceHead(
  repository: Repository,
  file: string,
): Promise<void> {
  const { root: dir, gitdir, cache } = repository;
  const filepath = repositoryPath(repository, file);
  const status = await git.status({ fs, dir, gitdir, filepath, cache });
  if (status === 'unmodified') {
    return;
  }

  const problem = status === '*added' ? 'is not in HEAD yet' : 'has uncommitted changes';
  throw new GitStateError(
    `${file} ${problem} (git status: ${status}). Commit or stash the changes first, ` +
      'so that the new commit contains only this change.',
  );
}
