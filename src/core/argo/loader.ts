import * as fs from 'node:fs';
import * as path from 'node:path';
import * as git from 'isomorphic-git';
import { parseYamlFile } from '../yamlFile';
import type { YamlFile } from '../yamlFile';
import { discoverFiles } from '../workspace/discovery';
import { FileSource } from '../workspace/fileSource';
import type { ArgoResolution } from './resolve';
import { resolveApplications } from './resolve';

/** Text that every file holding an Argo CD object contains, in its apiVersion. */
const argoApiGroup = 'argoproj.io/';

/**
 * Finds and resolves the Argo CD objects under `folders`, reading git remotes from every
 * repository that contains a folder or a YAML file, so one folder holding several clones works.
 */
export async function loadApplications(
  folders: readonly string[],
  fileSource: FileSource = new FileSource(),
): Promise<ArgoResolution> {
  const yamlFiles = discoverFiles(folders).yamlFiles;
  const argoFiles = readArgoFiles(yamlFiles, fileSource);

  const candidates = new Set([...folders.map((folder) => path.resolve(folder))]);
  yamlFiles.forEach((file) => candidates.add(path.dirname(file)));
  const remotes = await readRemotesOf([...candidates]);

  return resolveApplications(argoFiles, remotes, fileSource);
}

/** Parses the YAML files that mention the Argo CD API group: only those can hold its objects. */
export function readArgoFiles(files: readonly string[], fileSource: FileSource): YamlFile[] {
  const parsed: YamlFile[] = [];
  for (const file of files) {
    const read = fileSource.readText(file);
    if (read.kind === 'text' && read.text.includes(argoApiGroup)) {
      parsed.push(parseYamlFile(file, read.text));
    }
  }
  return parsed;
}

/**
 * Maps the root of the git repository containing each folder to its remote URLs, read from the
 * local `.git/config` by isomorphic-git. Folders outside any repository are left out.
 */
export async function readRemotesOf(folders: readonly string[]): Promise<Map<string, string[]>> {
  const rootOfFolder = new Map<string, string | undefined>();
  const remotes = new Map<string, string[]>();

  for (const folder of folders) {
    const root = await repositoryRootOf(folder, rootOfFolder);
    if (root === undefined || remotes.has(root)) {
      continue;
    }
    const list = await git.listRemotes({ fs, dir: root });
    remotes.set(
      root,
      list.map((remote) => remote.url),
    );
  }
  return remotes;
}

/** Returns the nearest folder at or above `folder` that contains `.git`, cached per folder. */
async function repositoryRootOf(
  folder: string,
  cache: Map<string, string | undefined>,
): Promise<string | undefined> {
  if (cache.has(folder)) {
    return cache.get(folder);
  }

  let root: string | undefined;
  try {
    root = await git.findRoot({ fs, filepath: folder });
  } catch {
    root = undefined;
  }
  cache.set(folder, root);
  return root;
}
