import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { CommitSummary } from '../../shared/dashboardProtocol';

/** One committed version of a file: its text at a commit that changed it. */
export interface FileVersion {
  readonly commit: CommitSummary;
  /** Undefined when the commit deleted the file. */
  readonly text: string | undefined;
}

/** Separators git writes between fields (US) and records (RS) with `%x1f` and `%x1e`. */
const fieldSeparator = '\x1f';
const recordSeparator = '\x1e';
const commitFormat = ['%H', '%h', '%an', '%cI', '%s'].join('%x1f') + '%x1e';

/**
 * Reads file history with the git command-line program. Every call runs read-only plumbing
 * (`rev-parse`, `log`, `cat-file`), with `core.fsmonitor` off so a repository's configuration
 * cannot start a program. All methods resolve to undefined when git or the repository is missing.
 */
export class GitLog {
  private readonly roots = new Map<string, Promise<string | undefined>>();

  constructor(private readonly gitBinary = 'git') {}

  /** Returns the top folder of the git work tree that contains `dir`. */
  repositoryOf(dir: string): Promise<string | undefined> {
    let root = this.roots.get(dir);
    if (root === undefined) {
      root = this.run(dir, ['rev-parse', '--show-toplevel']).then((output) => output?.trim() || undefined);
      this.roots.set(dir, root);
    }
    return root;
  }

  /** Reads the latest `maxCount` commits that changed `file`, newest first, with the file's text at each. */
  async versionsOf(file: string, maxCount: number): Promise<FileVersion[] | undefined> {
    const repository = await this.repositoryOf(path.dirname(file));
    if (repository === undefined) {
      return undefined;
    }

    const relative = toGitPath(repository, file);
    const log = await this.run(repository, ['log', `-n${maxCount}`, `--format=${commitFormat}`, '--', relative]);
    if (log === undefined) {
      return undefined;
    }

    const commits = parseCommits(log);
    const texts = await this.readBlobs(repository, commits.map((commit) => `${commit.oid}:${relative}`));
    return commits.map((commit, index) => ({ commit, text: texts?.[index] }));
  }

  /** Returns the latest commit that changed any of `files`, which must lie in one repository. */
  async lastCommitOf(repository: string, files: readonly string[]): Promise<CommitSummary | undefined> {
    const relative = files.map((file) => toGitPath(repository, file));
    const log = await this.run(repository, ['log', '-n1', `--format=${commitFormat}`, '--', ...relative]);
    return log === undefined ? undefined : parseCommits(log)[0];
  }

  /** Reads `<commit>:<path>` objects with one `git cat-file --batch`; missing ones are undefined. */
  private async readBlobs(repository: string, names: readonly string[]): Promise<(string | undefined)[] | undefined> {
    if (names.length === 0) {
      return [];
    }
    const output = await this.run(repository, ['cat-file', '--batch'], names.join('\n') + '\n', 'buffer');
    return output === undefined ? undefined : parseBatch(output, names.length);
  }

  private run(cwd: string, args: readonly string[]): Promise<string | undefined>;
  private run(cwd: string, args: readonly string[], input: string, encoding: 'buffer'): Promise<Buffer | undefined>;
  private run(cwd: string, args: readonly string[], input?: string, encoding?: 'buffer') {
    return runGit(this.gitBinary, cwd, args, input).then((buffer) => {
      if (buffer === undefined || encoding === 'buffer') {
        return buffer;
      }
      return buffer.toString('utf8');
    });
  }
}

/** Runs git and resolves to its standard output, or undefined when it fails or cannot start. */
function runGit(binary: string, cwd: string, args: readonly string[], input?: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const child = spawn(binary, ['-c', 'core.fsmonitor=false', ...args], {
      cwd,
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
    });
    const chunks: Buffer[] = [];

    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(chunks) : undefined));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

function toGitPath(repository: string, file: string): string {
  return path.relative(repository, file).split(path.sep).join('/');
}

export function parseCommits(log: string): CommitSummary[] {
  const commits: CommitSummary[] = [];
  for (const record of log.split(recordSeparator)) {
    const [oid, shortOid, author, time, subject] = record.trim().split(fieldSeparator);
    if (oid !== undefined && oid !== '' && shortOid !== undefined && time !== undefined) {
      const utc = new Date(time).toISOString();
      commits.push({ oid, shortOid, author: author ?? '', time: utc, subject: subject ?? '' });
    }
  }
  return commits;
}

/**
 * Splits `git cat-file --batch` output: each object is a header `<oid> <type> <size>` and that
 * many bytes plus a newline, and a missing object is the line `<name> missing`.
 */
export function parseBatch(output: Buffer, count: number): (string | undefined)[] {
  const texts: (string | undefined)[] = [];
  let offset = 0;

  while (texts.length < count && offset < output.length) {
    const lineEnd = output.indexOf(10, offset);
    if (lineEnd === -1) {
      break;
    }
    const header = output.subarray(offset, lineEnd).toString('utf8');
    const fields = header.split(' ');
    const size = Number(fields[2]);
    if (fields.length !== 3 || !Number.isInteger(size)) {
      texts.push(undefined);
      offset = lineEnd + 1;
      continue;
    }
    texts.push(output.subarray(lineEnd + 1, lineEnd + 1 + size).toString('utf8'));
    offset = lineEnd + 1 + size + 1;
  }
  return texts;
}
