import * as path from 'node:path';
import type { KustomizationRoot, RootRole } from './roots';

/** True when `outer` is `inner` or one of its ancestor folders. */
export function containsFolder(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Marks cycles on the roots where they start. Kustomize rejects two kinds: a root reached again
 * on the same path, and a root whose folder contains a root already on the path (for example
 * `resources: [..]`), which it reports as "cycle detected: candidate root ... contains visited root".
 */
export function markCycles(roots: ReadonlyMap<string, KustomizationRoot>): void {
  const finished = new Set<string>();
  for (const dir of roots.keys()) {
    visit(dir, [], roots, finished);
  }
}

function visit(
  dir: string,
  stack: string[],
  roots: ReadonlyMap<string, KustomizationRoot>,
  finished: Set<string>,
): void {
  const root = roots.get(dir);
  if (root === undefined || finished.has(dir)) {
    return;
  }
  stack.push(dir);
  for (const next of root.rootReferences) {
    if (reportCycle(root, next, stack)) {
      continue;
    }
    visit(next, stack, roots, finished);
  }
  stack.pop();
  finished.add(dir);
}

function reportCycle(root: KustomizationRoot, next: string, stack: readonly string[]): boolean {
  const reference = root.kustomization?.references.find(
    (candidate) => candidate.absolutePath === next,
  );
  const range = reference?.range ?? { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };
  const written = reference?.value ?? next;

  if (stack.includes(next)) {
    const loop = [...stack.slice(stack.indexOf(next)), next]
      .map((dir) => path.basename(dir))
      .join(' -> ');
    root.problems.push({
      code: 'reference-cycle',
      file: root.filePath,
      range,
      message: `"${written}" closes a reference cycle (${loop}); kustomize cannot build any root on it.`,
      severity: 'error',
    });
    return true;
  }

  const contained = stack.find((visited) => containsFolder(next, visited));
  if (contained !== undefined) {
    root.problems.push({
      code: 'containment-cycle',
      file: root.filePath,
      range,
      message: `"${written}" (${next}) contains the folder ${contained}, which kustomize treats as a cycle. Reference the files or sub-folders instead.`,
      severity: 'error',
    });
    return true;
  }
  return false;
}

/**
 * Classifies roots: a Component is a `component`; a root another root builds on is a `base`;
 * a root that no other root references and that builds on others is an `overlay`; the rest are `standalone`.
 */
export function classifyRoots(
  roots: ReadonlyMap<string, KustomizationRoot>,
): Map<string, RootRole> {
  const referenced = new Set<string>();
  for (const root of roots.values()) {
    for (const target of root.rootReferences) {
      if (target !== root.dir) {
        referenced.add(target);
      }
    }
  }

  const roles = new Map<string, RootRole>();
  for (const root of roots.values()) {
    roles.set(root.dir, roleOf(root, referenced));
  }
  return roles;
}

function roleOf(root: KustomizationRoot, referenced: ReadonlySet<string>): RootRole {
  if (root.kustomization?.kind === 'Component') {
    return 'component';
  }
  if (referenced.has(root.dir)) {
    return 'base';
  }
  return root.rootReferences.length > 0 ? 'overlay' : 'standalone';
}

/** Collects all files a root reads, following root references transitively; memoised in `cache`. */
export function inputsOf(
  dir: string,
  roots: ReadonlyMap<string, KustomizationRoot>,
  cache: Map<string, ReadonlySet<string>>,
): ReadonlySet<string> {
  const cached = cache.get(dir);
  if (cached !== undefined) {
    return cached;
  }

  const files = new Set<string>();
  // Stored before the walk so a cycle ends at the partial set instead of recursing forever.
  cache.set(dir, files);
  const root = roots.get(dir);
  if (root !== undefined) {
    root.fileReferences.forEach((file) => files.add(file));
    for (const next of root.rootReferences) {
      inputsOf(next, roots, cache).forEach((file) => files.add(file));
    }
  }
  return files;
}
