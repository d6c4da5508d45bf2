import * as fs from 'node:fs';
import * as git from 'isomorphic-git';

/**
 * Maps the root of the git repository holding each folder to its remote URLs. Folders outside
 * any repository, and repositories without remotes, are left out. Reads `.git` locally only.
 */
export async function readRemotes(folders: readonly string[]): Promise<Map<string, string[]>> {
  const remotes = new Map<string, string[]>();

  for (const folder of folders) {
    const root = await repositoryRootOf(folder);
    if (root === undefined || remotes.has(root)) {
      continue;
    }
    const list = await git.listRemotes({ fs, dir: root });
    if (list.length > 0) {
      remotes.set(
        root,
        list.map((remote) => remote.url),
      );
    }
  }
  return remotes;
}

async function repositoryRootOf(folder: string): Promise<string | undefined> {
  try {
    return await git.findRoot({ fs, filepath: folder });
  } catch {
    return undefined;
  }
}
