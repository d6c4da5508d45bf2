import * as path from 'node:path';
import type { YamlFile } from '../yamlFile';
import { findKustomizationFile } from '../workspace/discovery';
import { FileSource } from '../workspace/fileSource';
import type { ApplicationSource, ArgoObject } from './objects';
import { findArgoObjects } from './objects';
import { repoUrlKey } from './repoUrl';
import { findChildren } from './children';

/** File access the resolver needs; `FileSource` provides it for both the editor and the CLI. */
export type ArgoFileAccess = Pick<FileSource, 'isDirectory' | 'isFile' | 'readText'>;

/** Renderer Argo CD uses for a local source folder. */
export type SourceType = 'kustomize' | 'helm' | 'directory';

export type UnresolvedCode =
  | 'missing-repo-url'
  | 'helm-repository'
  | 'values-only'
  | 'templated'
  | 'no-workspace-folder'
  | 'path-outside-repository'
  | 'path-not-found';

export type SourceResolution =
  | {
      readonly kind: 'resolved';
      /** Root of the local git repository whose remote matches `repoURL`. */
      readonly repositoryFolder: string;
      readonly localPath: string;
      readonly sourceType: SourceType;
    }
  | {
      readonly kind: 'unresolved';
      readonly code: UnresolvedCode;
      /** A sentence for people, naming the value that could not be matched. */
      readonly reason: string;
      readonly repositoryFolder?: string;
    };

export interface ResolvedSource extends ApplicationSource {
  readonly resolution: SourceResolution;
}

/** An Application or ApplicationSet with its sources matched to workspace folders. */
export interface ResolvedApplication extends Omit<ArgoObject, 'sources'> {
  readonly sources: readonly ResolvedSource[];
  /** Local folder of the first resolved source, or undefined when none resolved. */
  readonly localPath: string | undefined;
  /** Names of the Applications and ApplicationSets this one creates (app of apps). */
  readonly children: readonly string[];
  /** Name of the first Application that creates this one, or undefined for a top-level one. */
  readonly parent: string | undefined;
}

export interface ArgoResolution {
  readonly applications: readonly ResolvedApplication[];
  readonly applicationSets: readonly ResolvedApplication[];
  readonly projects: readonly ArgoObject[];
}

/**
 * Resolves every Application and ApplicationSet found in `files`: each source's `repoURL` to the
 * local repository whose remote names it, then its `path` to a folder, then the app-of-apps tree.
 *
 * `remotesByFolder` maps the root of each local git repository to its remote URLs.
 */
export function resolveApplications(
  files: readonly YamlFile[],
  remotesByFolder: ReadonlyMap<string, readonly string[]>,
  fileAccess: ArgoFileAccess = new FileSource(),
): ArgoResolution {
  const objects = files.flatMap((file) => findArgoObjects(file));
  const repositories = indexRepositories(remotesByFolder);

  const deployers = objects
    .filter((object) => object.kind !== 'AppProject')
    .map((object) => resolveObject(object, repositories, fileAccess));
  const linked = linkChildren(deployers, fileAccess);

  return {
    applications: linked.filter((object) => object.kind === 'Application'),
    applicationSets: linked.filter((object) => object.kind === 'ApplicationSet'),
    projects: objects.filter((object) => object.kind === 'AppProject'),
  };
}

/** Maps repository URL keys to local repository roots; the first root in sorted order wins. */
function indexRepositories(
  remotesByFolder: ReadonlyMap<string, readonly string[]>,
): Map<string, string> {
  const repositories = new Map<string, string>();
  const folders = [...remotesByFolder.keys()].sort();
  for (const folder of folders) {
    for (const url of remotesByFolder.get(folder) ?? []) {
      const key = repoUrlKey(url);
      if (key !== undefined && !repositories.has(key)) {
        repositories.set(key, folder);
      }
    }
  }
  return repositories;
}

function resolveObject(
  object: ArgoObject,
  repositories: ReadonlyMap<string, string>,
  fileAccess: ArgoFileAccess,
): ResolvedApplication {
  const sources = object.sources.map((source) => ({
    ...source,
    resolution: resolveSource(source, repositories, fileAccess),
  }));
  const firstResolved = sources.find((source) => source.resolution.kind === 'resolved');
  const localPath =
    firstResolved?.resolution.kind === 'resolved' ? firstResolved.resolution.localPath : undefined;
  return { ...object, sources, localPath, children: [], parent: undefined };
}

/** Resolves one source. Exported for callers that edit a single Application. */
export function resolveSource(
  source: ApplicationSource,
  repositories: ReadonlyMap<string, string>,
  fileAccess: ArgoFileAccess,
): SourceResolution {
  const early = rejectUnresolvable(source);
  if (early !== undefined) {
    return early;
  }

  const repoURL = source.repoURL ?? '';
  const key = repoUrlKey(repoURL);
  const repositoryFolder = key === undefined ? undefined : repositories.get(key);
  if (repositoryFolder === undefined) {
    const reason =
      `No workspace folder has a git remote for ${repoURL}. ` +
      'Open a clone of that repository, or set its origin to this URL.';
    return unresolved('no-workspace-folder', reason);
  }

  return resolvePath(source.path ?? '', repositoryFolder, fileAccess);
}

function rejectUnresolvable(source: ApplicationSource): SourceResolution | undefined {
  if (source.repoURL === undefined || source.repoURL === '') {
    return unresolved('missing-repo-url', 'The source has no repoURL.');
  }
  if (source.chart !== undefined) {
    const reason =
      `Helm chart source: chart ${source.chart} comes from the Helm repository ` +
      `${source.repoURL}, not from a workspace folder.`;
    return unresolved('helm-repository', reason);
  }
  if (source.path === undefined && source.ref !== undefined) {
    const reason = `The source only provides files to other sources under the name $${source.ref}.`;
    return unresolved('values-only', reason);
  }
  if (`${source.repoURL} ${source.path ?? ''}`.includes('{{')) {
    return unresolved('templated', 'The source is filled in by an ApplicationSet generator.');
  }
  return undefined;
}

function resolvePath(
  sourcePath: string,
  repositoryFolder: string,
  fileAccess: ArgoFileAccess,
): SourceResolution {
  const localPath = path.resolve(repositoryFolder, sourcePath);
  const relative = path.relative(repositoryFolder, localPath);
  if (path.isAbsolute(sourcePath) || relative.startsWith('..')) {
    const reason = `The path ${sourcePath} points outside the repository ${repositoryFolder}.`;
    return unresolved('path-outside-repository', reason, repositoryFolder);
  }
  if (!fileAccess.isDirectory(localPath)) {
    const reason = `The path ${sourcePath} was not found in ${repositoryFolder}.`;
    return unresolved('path-not-found', reason, repositoryFolder);
  }

  const sourceType = sourceTypeOf(localPath, fileAccess);
  return { kind: 'resolved', repositoryFolder, localPath, sourceType };
}

/** Argo CD renders with Kustomize when a kustomization file exists, Helm for a Chart.yaml. */
function sourceTypeOf(folder: string, fileAccess: ArgoFileAccess): SourceType {
  if (findKustomizationFile(folder, (file) => fileAccess.isFile(file)) !== undefined) {
    return 'kustomize';
  }
  if (fileAccess.isFile(path.join(folder, 'Chart.yaml'))) {
    return 'helm';
  }
  return 'directory';
}

function unresolved(
  code: UnresolvedCode,
  reason: string,
  repositoryFolder?: string,
): SourceResolution {
  if (repositoryFolder === undefined) {
    return { kind: 'unresolved', code, reason };
  }
  return { kind: 'unresolved', code, reason, repositoryFolder };
}

function linkChildren(
  deployers: readonly ResolvedApplication[],
  fileAccess: ArgoFileAccess,
): ResolvedApplication[] {
  const childrenOf = new Map<ResolvedApplication, ResolvedApplication[]>();
  const parentOf = new Map<ResolvedApplication, ResolvedApplication>();
  for (const parent of deployers) {
    const children = findChildren(parent, deployers, fileAccess);
    childrenOf.set(parent, children);
    for (const child of children) {
      if (!parentOf.has(child)) {
        parentOf.set(child, parent);
      }
    }
  }

  return deployers.map((object) => ({
    ...object,
    children: (childrenOf.get(object) ?? []).map((child) => child.name),
    parent: parentOf.get(object)?.name,
  }));
}
