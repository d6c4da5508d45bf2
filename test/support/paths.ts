import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found from the compiled test's location (out/test/...) or the source tree. */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'out') {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no package.json above ${start}`);
    }
    dir = parent;
  }
  return dir;
}

export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot, 'test', 'fixtures', ...parts);
}

/**
 * The shared test data folder: `GITOPS_SHARED`, else `../shared` beside the repository.
 * Returns undefined when it does not exist, so tests can skip with a reason.
 */
export function sharedPath(...parts: string[]): string | undefined {
  const base = process.env['GITOPS_SHARED'] ?? path.resolve(repoRoot, '..', 'shared');
  const full = path.join(base, ...parts);
  return fs.existsSync(full) ? full : undefined;
}

/** Returns the message a test passes to `skip` when shared data is missing. */
export function missingSharedReason(what: string): string {
  return `${what} not found: set GITOPS_SHARED to the shared test data folder`;
}
