import * as path from 'node:path';
import type { CliCommand, CliIo, CliOption } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';
import { resolveKustomizationFile } from '../../core/images/file';
import { readImageHistory, type ImageTagChange } from '../../core/git/history';
import { openRepository } from '../../core/git/repository';
import { rollbackImage } from '../../core/promote/commit';
import { resolveEnvironmentFolder } from '../../core/promote/environment';

const historyOptions: readonly CliOption[] = [
  {
    name: 'workspace',
    value: 'DIR',
    help: 'workspace folder (default: the Git repository of the current folder)',
  },
  { name: 'limit', value: 'N', help: 'maximum number of changes to list, newest first' },
  { name: 'json', help: 'print the changes as JSON instead of text' },
  {
    name: 'rollback',
    value: 'COMMIT',
    help: 'commit the image entry as it was before COMMIT (a commit id or its prefix)',
  },
  { name: 'image', value: 'NAME', help: 'image to roll back when COMMIT changed several' },
];

export const historyCommand: CliCommand = {
  name: 'history',
  usage: 'history ENV [--workspace DIR] [--limit N] [--json] [--rollback COMMIT [--image NAME]]',
  summary: "List the image tag changes in the Git history of an environment's kustomization",
  options: historyOptions,
  async run(args, io) {
    const parsed = parseArgs(args, historyOptions);
    const [environment] = parsed.positionals;
    if (environment === undefined || parsed.positionals.length > 1) {
      throw new UsageError('give exactly one environment name or overlay folder');
    }
    const limitText = flagValue(parsed, 'limit');
    const limit = limitText === undefined ? undefined : Number(limitText);
    if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
      throw new UsageError(`invalid --limit "${limitText}": give a positive whole number`);
    }

    const workspace = await workspaceOf(parsed.flags.get('workspace'), io);
    const file = resolveKustomizationFile(resolveEnvironmentFolder(environment, workspace, io.cwd));
    const repository = await openRepository(file);
    const rollback = flagValue(parsed, 'rollback');
    if (rollback !== undefined) {
      const changes = await readImageHistory(repository, file);
      return rollBack(file, changes, rollback, flagValue(parsed, 'image'), io);
    }
    const changes = await readImageHistory(repository, file, limit === undefined ? {} : { limit });

    if (parsed.flags.has('json')) {
      io.out(JSON.stringify(changes, null, 2) + '\n');
    } else {
      printHistory(changes, io);
    }
    return 0;
  },
};

/** Returns the workspace folder: --workspace, else the repository of the current folder, else the current folder. */
export async function workspaceOf(flag: string | true | undefined, io: CliIo): Promise<string> {
  if (typeof flag === 'string') {
    return path.resolve(io.cwd, flag);
  }
  if (flag === true) {
    throw new UsageError('option --workspace needs a value');
  }
  try {
    return (await openRepository(io.cwd)).root;
  } catch {
    return io.cwd;
  }
}

/** Restores the entry an image had before the given commit, as a new commit. */
async function rollBack(
  file: string,
  changes: readonly ImageTagChange[],
  commit: string,
  image: string | undefined,
  io: CliIo,
): Promise<number> {
  const candidates = changes.filter(
    (change) => change.commit.startsWith(commit) && (image === undefined || change.image === image),
  );
  if (candidates.length === 0) {
    throw new UsageError(
      `no image change in commit "${commit}"${image === undefined ? '' : ` for ${image}`}; run history ENV to list them`,
    );
  }
  if (candidates.length > 1) {
    const names = candidates.map((change) => change.image).join(', ');
    throw new UsageError(
      `commit ${commit} changed several images (${names}); choose one with --image NAME`,
    );
  }

  const change = candidates[0] as ImageTagChange;
  const result = await rollbackImage(file, change);
  io.out(
    `committed ${result.shortCommit} on ${result.branch}: ${change.image} back to ${change.oldTag ?? '(no tag)'}\n`,
  );
  return 0;
}

function printHistory(changes: readonly ImageTagChange[], io: CliIo): void {
  if (changes.length === 0) {
    io.out('no image changes in the history of this kustomization\n');
    return;
  }
  for (const change of changes) {
    const date = change.date.slice(0, 10);
    const tags = `${change.oldTag ?? '(none)'} -> ${change.newTag ?? '(none)'}`;
    io.out(
      `${change.shortCommit} ${date} ${change.author}: ${change.image} ${tags}  ${change.message}\n`,
    );
  }
}
