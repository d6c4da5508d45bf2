import * as fs from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as git from 'isomorphic-git';
import {
  assertReadyToCommit,
  GitStateError,
  readRepositoryState,
  repositoryPath,
  type Repository,
} from './repository';

/** Name and e-mail address recorded as author and committer. */
export interface GitIdentity {
  readonly name: string;
  readonly email: string;
}

export interface CommitFilesOptions {
  /** Files to commit, absolute or relative to the working folder; nothing else is committed. */
  readonly files: readonly string[];
  readonly message: string;
  /** A new branch created at HEAD and checked out before the commit; the current branch is used when undefined. */
  readonly newBranch?: string;
  readonly author?: GitIdentity;
}

export interface CommitResult {
  readonly commit: string;
  readonly shortCommit: string;
  readonly branch: string;
  readonly files: readonly string[];
}

/**
 * Commits the working-tree content of the given files and nothing else: the new tree is HEAD's
 * tree with only those paths replaced, so changes the user staged for other files stay staged
 * and uncommitted. The index entries of the committed files are updated to match.
 */
export async function commitFiles(
  repository: Repository,
  options: CommitFilesOptions,
): Promise<CommitResult> {
  const state = await readRepositoryState(repository);
  assertReadyToCommit(repository, state);
  const { root: dir, gitdir, cache } = repository;
  const paths = options.files.map((file) => repositoryPath(repository, file));
  const author = options.author ?? (await findIdentity(repository));

  const blobs = new Map<string, string | null>();
  for (const path of paths) {
    const absolute = join(dir, path);
    const content = fs.existsSync(absolute) ? fs.readFileSync(absolute) : undefined;
    blobs.set(
      path,
      content === undefined ? null : await git.writeBlob({ fs, dir, gitdir, blob: content }),
    );
  }
  const headCommit = await git.readCommit({ fs, dir, gitdir, oid: state.head, cache });
  const tree = await replaceInTree(repository, headCommit.commit.tree, blobs);
  if (tree === headCommit.commit.tree) {
    throw new GitStateError(`nothing to commit: ${paths.join(', ')} already match HEAD`);
  }

  let branch = state.branch ?? '';
  if (options.newBranch !== undefined) {
    await createBranch(repository, options.newBranch);
    branch = options.newBranch;
  }
  const message = options.message;
  const parent = [state.head];
  const commit = await git.commit({
    fs,
    dir,
    gitdir,
    message,
    author,
    committer: author,
    tree,
    parent,
    cache,
  });
  for (const filepath of paths) {
    if (blobs.get(filepath) === null) {
      await git.remove({ fs, dir, gitdir, filepath, cache });
    } else {
      await git.add({ fs, dir, gitdir, filepath, cache });
    }
  }
  return { commit, shortCommit: commit.slice(0, 7), branch, files: paths };
}

async function createBranch(repository: Repository, name: string): Promise<void> {
  const { root: dir, gitdir } = repository;
  const valid =
    /^[A-Za-z0-9_][A-Za-z0-9._/-]*$/.test(name) && !/\.\.|\/\/|\/$|\.lock$|\/\./.test(name);
  if (!valid) {
    throw new GitStateError(
      `invalid branch name "${name}": use letters, digits, ".", "_", "-" and "/"`,
    );
  }
  try {
    await git.branch({ fs, dir, gitdir, ref: name, checkout: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GitStateError(`could not create branch "${name}": ${reason}`);
  }
}

type TreeEntry = Awaited<ReturnType<typeof git.readTree>>['tree'][number];

/** Writes a tree equal to `treeOid` with the given paths set to new blobs, or removed when null. */
async function replaceInTree(
  repository: Repository,
  treeOid: string | undefined,
  blobs: ReadonlyMap<string, string | null>,
): Promise<string | undefined> {
  const { root: dir, gitdir, cache } = repository;
  const entries: TreeEntry[] =
    treeOid === undefined
      ? []
      : (await git.readTree({ fs, dir, gitdir, oid: treeOid, cache })).tree;
  const byName = new Map(entries.map((entry) => [entry.path, entry]));
  const nested = new Map<string, Map<string, string | null>>();

  for (const [path, oid] of blobs) {
    const slash = path.indexOf('/');
    if (slash === -1) {
      setBlob(byName, path, oid);
      continue;
    }
    const folder = path.slice(0, slash);
    const inner = nested.get(folder) ?? new Map<string, string | null>();
    inner.set(path.slice(slash + 1), oid);
    nested.set(folder, inner);
  }

  for (const [folder, inner] of nested) {
    const existing = byName.get(folder);
    const subtree = await replaceInTree(
      repository,
      existing?.type === 'tree' ? existing.oid : undefined,
      inner,
    );
    if (subtree === undefined) {
      byName.delete(folder);
    } else {
      byName.set(folder, { mode: '040000', path: folder, oid: subtree, type: 'tree' });
    }
  }

  if (byName.size === 0) {
    return undefined;
  }
  return git.writeTree({ fs, dir, gitdir, tree: [...byName.values()] });
}

function setBlob(byName: Map<string, TreeEntry>, name: string, oid: string | null): void {
  if (oid === null) {
    byName.delete(name);
    return;
  }
  const mode = byName.get(name)?.mode ?? '100644';
  byName.set(name, { mode: mode === '040000' ? '100644' : mode, path: name, oid, type: 'blob' });
}

/**
 * Finds the author identity as Git does: the repository's `user.name` and `user.email`, then
 * the GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL variables, then `~/.gitconfig`.
 */
export async function findIdentity(repository: Repository): Promise<GitIdentity> {
  const { root: dir, gitdir } = repository;
  const local = {
    name: (await git.getConfig({ fs, dir, gitdir, path: 'user.name' })) as string | undefined,
    email: (await git.getConfig({ fs, dir, gitdir, path: 'user.email' })) as string | undefined,
  };
  const global = readGlobalIdentity();
  const name = local.name ?? process.env['GIT_AUTHOR_NAME'] ?? global.name;
  const email = local.email ?? process.env['GIT_AUTHOR_EMAIL'] ?? global.email;
  if (name === undefined || email === undefined) {
    throw new GitStateError(
      'no Git identity: set user.name and user.email (git config user.name "Your Name") before committing',
    );
  }
  return { name, email };
}

function readGlobalIdentity(): { name?: string; email?: string } {
  const path = join(homedir(), '.gitconfig');
  if (!fs.existsSync(path)) {
    return {};
  }
  const text = fs.readFileSync(path, 'utf8');
  const section = /^\s*\[user\]\s*$([\s\S]*?)(?=^\s*\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  const value = (key: string): string | undefined =>
    new RegExp(`^\\s*${key}\\s*=\\s*(.+?)\\s*$`, 'm').exec(section)?.[1];
  const identity: { name?: string; email?: string } = {};
  const name = value('name');
  const email = value('email');
  if (name !== undefined) {
    identity.name = name;
  }
  if (email !== undefined) {
    identity.email = email;
  }
  return identity;
}
