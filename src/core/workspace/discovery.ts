import * as fs from 'node:fs';
import * as path from 'node:path';
import { kustomizationFileNames } from './kustomization';

/** Folders never searched: version-control data and installed packages. */
const skippedFolders = new Set(['.git', 'node_modules']);

/** Files found by a walk of the workspace folders. Paths are absolute. */
export interface DiscoveredFiles {
  /** The kustomization file of each root, at most one per folder (the first name kustomize accepts). */
  readonly kustomizationFiles: string[];
  /** Every `.yaml` and `.yml` file, kustomization files included, for finding Argo CD objects. */
  readonly yamlFiles: string[];
  /** Folders holding more than one kustomization file name, which kustomize rejects. */
  readonly ambiguousRoots: string[];
}

/** Walks the given folders depth-first, skipping `.git` and `node_modules` and not following links to folders. */
export function discoverFiles(folders: readonly string[]): DiscoveredFiles {
  const found: DiscoveredFiles = { kustomizationFiles: [], yamlFiles: [], ambiguousRoots: [] };
  const visited = new Set<string>();
  for (const folder of folders) {
    walk(path.resolve(folder), found, visited);
  }
  found.kustomizationFiles.sort();
  found.yamlFiles.sort();
  return found;
}

function walk(dir: string, found: DiscoveredFiles, visited: Set<string>): void {
  if (visited.has(dir)) {
    return;
  }
  visited.add(dir);

  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }

  const kustomizations: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name)) {
        walk(full, found, visited);
      }
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      if (kustomizationFileNames.includes(entry.name)) {
        kustomizations.push(entry.name);
      }
      if (/\.ya?ml$/i.test(entry.name)) {
        found.yamlFiles.push(full);
      }
    }
  }

  recordRoot(dir, kustomizations, found);
}

function recordRoot(dir: string, names: string[], found: DiscoveredFiles): void {
  if (names.length === 0) {
    return;
  }
  if (names.length > 1) {
    found.ambiguousRoots.push(dir);
  }
  const first = kustomizationFileNames.find((name) => names.includes(name)) ?? names[0] ?? '';
  found.kustomizationFiles.push(path.join(dir, first));
}

/** Returns the kustomization file in `dir`, or undefined when the folder has none. */
export function findKustomizationFile(
  dir: string,
  isFile: (file: string) => boolean,
): string | undefined {
  for (const name of kustomizationFileNames) {
    const candidate = path.join(dir, name);
    if (isFile(candidate)) {
      return candidate;
    }
  }
  return undefined;
}
