import * as path from 'node:path';
import { findKustomizationFile } from '../workspace/discovery';
import { parseKustomization } from '../workspace/kustomization';
import type { ArgoFileAccess, ResolvedApplication, ResolvedSource } from './resolve';

/** Kustomization fields whose entries add objects to the build output. */
const includingFields: ReadonlySet<string> = new Set(['resources', 'bases', 'components']);

/**
 * Finds the Applications and ApplicationSets that `parent` deploys: those defined in a file
 * that Argo CD reads when it renders one of the parent's resolved sources. An Application that
 * lies in its own source folder (a root that manages itself) is not its own child.
 */
export function findChildren(
  parent: ResolvedApplication,
  candidates: readonly ResolvedApplication[],
  fileAccess: ArgoFileAccess,
): ResolvedApplication[] {
  // An ApplicationSet's generator creates Applications, not the files of its template source.
  if (parent.kind !== 'Application') {
    return [];
  }

  const matchers = parent.sources.map((source) => manifestMatcher(source, fileAccess));
  return candidates.filter(
    (candidate) => candidate !== parent && matchers.some((matches) => matches(candidate.file)),
  );
}

type FileMatcher = (file: string) => boolean;

function manifestMatcher(source: ResolvedSource, fileAccess: ArgoFileAccess): FileMatcher {
  const resolution = source.resolution;
  if (resolution.kind !== 'resolved') {
    return () => false;
  }

  const folder = resolution.localPath;
  switch (resolution.sourceType) {
    case 'kustomize': {
      const files = filesOfKustomization(folder, fileAccess, new Set());
      return (file) => files.has(file);
    }
    case 'directory':
      // NOTE: directory.include and directory.exclude globs are not applied yet.
      return source.recurse
        ? (file) => file.startsWith(folder + path.sep)
        : (file) => path.dirname(file) === folder;
    case 'helm':
      // Applications rendered from chart templates are not files in the workspace.
      return () => false;
  }
}

/** Collects the local files a kustomization includes, following nested kustomizations. */
function filesOfKustomization(
  folder: string,
  fileAccess: ArgoFileAccess,
  visited: Set<string>,
): Set<string> {
  const files = new Set<string>();
  const kustomizationFile = findKustomizationFile(folder, (file) => fileAccess.isFile(file));
  if (visited.has(folder) || kustomizationFile === undefined) {
    return files;
  }
  visited.add(folder);

  const read = fileAccess.readText(kustomizationFile);
  if (read.kind !== 'text') {
    return files;
  }

  const kustomization = parseKustomization(kustomizationFile, read.text);
  for (const reference of kustomization.references) {
    if (!includingFields.has(reference.field) || reference.remote) {
      continue;
    }
    if (fileAccess.isDirectory(reference.absolutePath)) {
      const nested = filesOfKustomization(reference.absolutePath, fileAccess, visited);
      nested.forEach((file) => files.add(file));
    } else {
      files.add(reference.absolutePath);
    }
  }
  return files;
}
