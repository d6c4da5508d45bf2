import * as git from 'isomorphic-git';
import * as YAML from 'yaml';
import type { ImageEntry } from '../images/entries';
import { createReadOnlyFs } from './readOnlyFs';
import { repositoryPath, type Repository } from './repository';

/** One change of an image entry in one commit of a kustomization file. */
export interface ImageTagChange {
  readonly commit: string;
  readonly shortCommit: string;
  /** Author date as an ISO 8601 string in UTC. */
  readonly date: string;
  readonly author: string;
  /** First line of the commit message. */
  readonly message: string;
  /** The entry's `name`. */
  readonly image: string;
  readonly oldTag: string | undefined;
  readonly newTag: string | undefined;
  readonly oldEntry: ImageEntry | undefined;
  readonly newEntry: ImageEntry | undefined;
}

export interface HistoryOptions {
  /** Commit or branch to start from; HEAD when undefined. */
  readonly ref?: string;
  /** Maximum number of changes returned, newest first. */
  readonly limit?: number;
  /** Objects read by earlier walks of the same repository, shared to avoid reading them again. */
  readonly cache?: HistoryCache;
}

/**
 * Objects read by history walks, keyed by object id, because most commits share their trees.
 * Git objects never change, but the file listings of `fs` are cached too, so share one cache
 * only between walks of one repository while nothing writes to it.
 */
export interface HistoryCache {
  readonly fs: ReturnType<typeof createReadOnlyFs>;
  readonly commits: Map<string, git.ReadCommitResult>;
  readonly trees: Map<string, Map<string, string>>;
  readonly blobs: Map<string, readonly ImageEntry[] | undefined>;
}

type WalkCaches = HistoryCache;

/** Creates an empty cache for history walks. */
export function createHistoryCache(): HistoryCache {
  return { fs: createReadOnlyFs(), commits: new Map(), trees: new Map(), blobs: new Map() };
}

/**
 * Lists the image changes in the history of a kustomization file, newest first. Commits are
 * selected as `git log FILE` selects them: a merge whose file equals one parent's follows only
 * that parent, so side branches whose changes were dropped at the merge are left out. A commit
 * counts when its file differs from its first parent. Entries are compared by `name`, so a
 * change of `newTag`, `newName` or `digest` is reported. Renames of the file are not followed.
 */
export async function readImageHistory(
  repository: Repository,
  file: string,
  options: HistoryOptions = {},
): Promise<ImageTagChange[]> {
  const { root: dir, gitdir } = repository;
  const path = repositoryPath(repository, file);
  const caches = options.cache ?? createHistoryCache();
  const fs = caches.fs;
  const head = await git.resolveRef({ fs, dir, gitdir, ref: options.ref ?? 'HEAD' });
  const queue = new CommitQueue();
  queue.push(await readCommitCached(repository, caches, head));
  const changes: ImageTagChange[] = [];

  for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) {
    const fileOid = await blobAt(repository, caches, entry.commit.tree, path);
    const parents = await Promise.all(
      entry.commit.parent.map((parent) => readCommitCached(repository, caches, parent)),
    );
    const parentOids: (string | undefined)[] = [];
    for (const parent of parents) {
      parentOids.push(await blobAt(repository, caches, parent.commit.tree, path));
    }

    const sameAs = parentOids.indexOf(fileOid);
    queue.pushAll(sameAs === -1 ? parents : parents.slice(sameAs, sameAs + 1));
    if (sameAs !== -1 || fileOid === undefined) {
      continue;
    }

    const before = await imagesOfBlob(repository, caches, parentOids[0]);
    const after = await imagesOfBlob(repository, caches, fileOid);
    changes.push(
      ...diffImages(before ?? [], after ?? []).map((change) => ({
        ...describeCommit(entry),
        ...change,
      })),
    );
    if (options.limit !== undefined && changes.length >= options.limit) {
      return changes.slice(0, options.limit);
    }
  }
  return changes;
}

/** A commit as history readers describe it. */
export type CommitDescription = Pick<
  ImageTagChange,
  'commit' | 'shortCommit' | 'date' | 'author' | 'message'
>;

/**
 * Finds the newest commit that changed any of `files`, selecting commits as
 * `git log -n1 -- FILES` does: a merge whose files equal one parent's follows only that parent.
 * Returns undefined when no commit reachable from HEAD changed them.
 */
export async function readLastChange(
  repository: Repository,
  files: readonly string[],
  caches: HistoryCache = createHistoryCache(),
): Promise<CommitDescription | undefined> {
  const { root: dir, gitdir } = repository;
  const paths = files.map((file) => repositoryPath(repository, file));
  const fs = caches.fs;
  const head = await git.resolveRef({ fs, dir, gitdir, ref: 'HEAD' });
  const queue = new CommitQueue();
  queue.push(await readCommitCached(repository, caches, head));

  for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) {
    const key = await blobsKey(repository, caches, entry.commit.tree, paths);
    const parents = await Promise.all(
      entry.commit.parent.map((parent) => readCommitCached(repository, caches, parent)),
    );
    const parentKeys: string[] = [];
    for (const parent of parents) {
      parentKeys.push(await blobsKey(repository, caches, parent.commit.tree, paths));
    }

    const sameAs = parentKeys.indexOf(key);
    if (sameAs !== -1) {
      queue.pushAll(parents.slice(sameAs, sameAs + 1));
      continue;
    }
    // A root commit without any of the files did not change them.
    if (parents.length > 0 || key !== absentKey(paths)) {
      return describeCommit(entry);
    }
  }
  return undefined;
}

/** Joins the blob ids of `paths` in a tree; an absent path counts as an empty id. */
async function blobsKey(
  repository: Repository,
  caches: WalkCaches,
  tree: string,
  paths: readonly string[],
): Promise<string> {
  const oids: string[] = [];
  for (const path of paths) {
    oids.push((await blobAt(repository, caches, tree, path)) ?? '');
  }
  return oids.join(' ');
}

function absentKey(paths: readonly string[]): string {
  return paths.map(() => '').join(' ');
}

/** Commits waiting to be visited, newest committer date first, each visited once. */
class CommitQueue {
  private readonly waiting: git.ReadCommitResult[] = [];
  private readonly seen = new Set<string>();

  push(entry: git.ReadCommitResult): void {
    if (this.seen.has(entry.oid)) {
      return;
    }
    this.seen.add(entry.oid);
    const time = entry.commit.committer.timestamp;
    let index = this.waiting.length;
    while (index > 0 && (this.waiting[index - 1]?.commit.committer.timestamp ?? 0) < time) {
      index--;
    }
    this.waiting.splice(index, 0, entry);
  }

  pushAll(entries: readonly git.ReadCommitResult[]): void {
    entries.forEach((entry) => this.push(entry));
  }

  pop(): git.ReadCommitResult | undefined {
    return this.waiting.shift();
  }
}

async function readCommitCached(
  repository: Repository,
  caches: WalkCaches,
  oid: string,
): Promise<git.ReadCommitResult> {
  const cached = caches.commits.get(oid);
  if (cached !== undefined) {
    return cached;
  }
  const { root: dir, gitdir, cache } = repository;
  const entry = await git.readCommit({ fs: caches.fs, dir, gitdir, oid, cache });
  caches.commits.set(oid, entry);
  return entry;
}

function describeCommit(entry: git.ReadCommitResult): CommitDescription {
  const author = entry.commit.author;
  return {
    commit: entry.oid,
    shortCommit: entry.oid.slice(0, 7),
    date: new Date(author.timestamp * 1000).toISOString(),
    author: author.name,
    message: entry.commit.message.split('\n')[0] ?? '',
  };
}

/** Compares two image lists by entry name; the first entry of a name counts, as for a promotion. */
export function diffImages(
  before: readonly ImageEntry[],
  after: readonly ImageEntry[],
): Pick<ImageTagChange, 'image' | 'oldTag' | 'newTag' | 'oldEntry' | 'newEntry'>[] {
  const first = (entries: readonly ImageEntry[], name: string): ImageEntry | undefined =>
    entries.find((entry) => entry.name === name);
  const names = [
    ...new Set([...after.map((entry) => entry.name), ...before.map((entry) => entry.name)]),
  ];
  const changes = [];

  for (const image of names) {
    const oldEntry = first(before, image);
    const newEntry = first(after, image);
    const same =
      oldEntry?.newTag === newEntry?.newTag &&
      oldEntry?.newName === newEntry?.newName &&
      oldEntry?.digest === newEntry?.digest;
    if (!same || (oldEntry === undefined) !== (newEntry === undefined)) {
      changes.push({
        image,
        oldTag: oldEntry?.newTag,
        newTag: newEntry?.newTag,
        oldEntry,
        newEntry,
      });
    }
  }
  return changes;
}

/** Resolves the blob id of a path in a tree, or undefined when the path is absent. */
async function blobAt(
  repository: Repository,
  caches: WalkCaches,
  tree: string,
  path: string,
): Promise<string | undefined> {
  let current: string | undefined = tree;
  for (const part of path.split('/')) {
    if (current === undefined) {
      return undefined;
    }
    current = (await treeEntries(repository, caches, current)).get(part);
  }
  return current;
}

async function treeEntries(
  repository: Repository,
  caches: WalkCaches,
  oid: string,
): Promise<Map<string, string>> {
  const cached = caches.trees.get(oid);
  if (cached !== undefined) {
    return cached;
  }
  const { root: dir, gitdir, cache } = repository;
  const result = await git.readTree({ fs: caches.fs, dir, gitdir, oid, cache });
  const entries = new Map(result.tree.map((entry) => [entry.path, entry.oid]));
  caches.trees.set(oid, entries);
  return entries;
}

/** Reads the image entries of a kustomization blob; undefined when the blob is absent or not valid YAML. */
async function imagesOfBlob(
  repository: Repository,
  caches: WalkCaches,
  oid: string | undefined,
): Promise<readonly ImageEntry[] | undefined> {
  if (oid === undefined) {
    return undefined;
  }
  if (caches.blobs.has(oid)) {
    return caches.blobs.get(oid);
  }
  const { root: dir, gitdir, cache } = repository;
  const { blob } = await git.readBlob({ fs: caches.fs, dir, gitdir, oid, cache });
  const images = imagesOfText(Buffer.from(blob).toString('utf8'));
  caches.blobs.set(oid, images);
  return images;
}

/**
 * Reads `images:` (or the deprecated `imageTags:`) leniently: invalid entries are skipped.
 * Returns undefined when the text is not valid YAML, except that a plain top-level `images:`
 * block is parsed on its own, so errors elsewhere in such a file go unnoticed.
 */
export function imagesOfText(text: string): ImageEntry[] | undefined {
  const block = plainImagesBlock(text);
  const result = parseYaml(block ?? text) ?? (block === undefined ? undefined : parseYaml(text));
  if (result === undefined) {
    return undefined;
  }
  const parsed = result.value;
  if (parsed === null || typeof parsed !== 'object') {
    return [];
  }

  const record = parsed as Record<string, unknown>;
  const list = record['images'] ?? record['imageTags'];
  if (!Array.isArray(list)) {
    return [];
  }
  return list.flatMap((item: unknown) => toEntry(item));
}

function parseYaml(text: string): { readonly value: unknown } | undefined {
  try {
    return { value: YAML.parse(text, { logLevel: 'silent', uniqueKeys: false }) };
  } catch {
    return undefined;
  }
}

/**
 * Cuts out the top-level `images:` block when parsing it alone gives the same entries as
 * parsing the whole file: one `images:` key, no `imageTags:`, one document, and no anchors,
 * aliases, tags or merge keys. In one profile of a 900-commit walk, parsing only the block cut
 * the YAML time from about 280 ms to 80 ms.
 */
function plainImagesBlock(text: string): string | undefined {
  const keys = text.match(/^images:[ \t]*$/gm);
  if (keys?.length !== 1 || /^imageTags:/m.test(text) || /^(---|\.\.\.)/m.test(text)) {
    return undefined;
  }

  const lines = text.slice(text.search(/^images:[ \t]*$/m)).split('\n');
  let end = 1;
  while (end < lines.length && /^([ \t-]|#|$)/.test(lines[end] ?? '')) {
    end += 1;
  }
  const block = lines.slice(0, end).join('\n');
  return /[&*!]|<</.test(block) ? undefined : block;
}

function toEntry(item: unknown): ImageEntry[] {
  if (item === null || typeof item !== 'object') {
    return [];
  }
  const record = item as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    record[key] === undefined || record[key] === null ? undefined : String(record[key]);
  const name = text('name');
  if (name === undefined) {
    return [];
  }

  const entry: Record<string, string> = { name };
  for (const key of ['newName', 'newTag', 'digest', 'tagSuffix']) {
    const value = text(key);
    if (value !== undefined) {
      entry[key] = value;
    }
  }
  return [entry as unknown as ImageEntry];
}
