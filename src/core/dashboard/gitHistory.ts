import * as path from 'node:path';
import type { CommitSummary } from '../../shared/dashboardProtocol';
import type { CommitDescription, HistoryCache, ImageTagChange } from '../git/history';
import { createHistoryCache, readImageHistory, readLastChange } from '../git/history';
import type { Repository } from '../git/repository';
import { GitStateError, openRepository } from '../git/repository';

/** Image changes read per kustomization file; older changes are left out of the timeline. */
export const defaultHistoryDepth = 100;

/**
 * Reads the Git history the dashboard shows, with isomorphic-git on the local clone. Nothing is
 * executed, so a repository's configuration cannot start a program. One instance serves one
 * read of the history: results are cached per file and never expire.
 */
export class GitHistory {
  private readonly repositories = new Map<string, Promise<Repository | undefined>>();
  private readonly byRoot = new Map<string, Repository>();
  private readonly changes = new Map<string, Promise<ImageTagChange[] | undefined>>();
  /** One object cache per repository root, shared by every walk of this read. */
  private readonly caches = new Map<string, HistoryCache>();
  private readonly failures: string[] = [];

  constructor(private readonly depth = defaultHistoryDepth) {}

  /** Files whose history could not be read, each with the reason. */
  get errors(): readonly string[] {
    return this.failures;
  }

  /**
   * Returns the repository that contains `dir`, or undefined outside Git. Folders of one
   * repository share one Repository object, so isomorphic-git loads its packfiles once.
   */
  repositoryOf(dir: string): Promise<Repository | undefined> {
    let repository = this.repositories.get(dir);
    if (repository === undefined) {
      repository = this.openShared(dir);
      this.repositories.set(dir, repository);
    }
    return repository;
  }

  private async openShared(dir: string): Promise<Repository | undefined> {
    let opened: Repository;
    try {
      opened = await openRepository(dir);
    } catch (error) {
      if (error instanceof GitStateError) {
        return undefined;
      }
      throw error;
    }

    const shared = this.byRoot.get(opened.root) ?? opened;
    this.byRoot.set(opened.root, shared);
    return shared;
  }

  /**
   * Returns the latest image changes of a kustomization file, newest first, or undefined when
   * the file is outside Git or its history cannot be read (then `errors` says why).
   */
  imageChanges(file: string): Promise<ImageTagChange[] | undefined> {
    let changes = this.changes.get(file);
    if (changes === undefined) {
      changes = this.readImageChanges(file);
      this.changes.set(file, changes);
    }
    return changes;
  }

  /** Returns the newest commit that changed any of `files`, which must lie in `repository`. */
  async lastChange(
    repository: Repository,
    files: readonly string[],
  ): Promise<CommitSummary | undefined> {
    try {
      const commit = await readLastChange(repository, files, this.cacheOf(repository));
      return commit === undefined ? undefined : commitSummary(commit);
    } catch (error) {
      this.failures.push(`${repository.root}: ${describe(error)}`);
      return undefined;
    }
  }

  private cacheOf(repository: Repository): HistoryCache {
    let cache = this.caches.get(repository.root);
    if (cache === undefined) {
      cache = createHistoryCache();
      this.caches.set(repository.root, cache);
    }
    return cache;
  }

  private async readImageChanges(file: string): Promise<ImageTagChange[] | undefined> {
    const repository = await this.repositoryOf(path.dirname(file));
    if (repository === undefined) {
      return undefined;
    }
    try {
      const cache = this.cacheOf(repository);
      return await readImageHistory(repository, file, { limit: this.depth, cache });
    } catch (error) {
      // For example a repository without commits, or a shallow clone that lacks older objects.
      this.failures.push(`${file}: ${describe(error)}`);
      return undefined;
    }
  }
}

/** Converts a commit of core's history readers to the dashboard protocol's shape. */
export function commitSummary(commit: CommitDescription): CommitSummary {
  return {
    oid: commit.commit,
    shortOid: commit.shortCommit,
    subject: commit.message,
    author: commit.author,
    time: commit.date,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
