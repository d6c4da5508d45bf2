import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, sharedPath } from './paths';

/** Creates the example workspace (three git repositories) in a new temporary folder. */
export function makeExampleWorkspace(): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-examples-'));
  execFileSync('bash', [path.join(repoRoot, 'scripts', 'make-examples.sh'), target], {
    stdio: 'pipe',
  });
  return target;
}

/** The origin URLs that the myapp Applications name, by clone folder. */
export const myappOrigins: Readonly<Record<string, string>> = {
  'myapp-config': 'https://git.example.com/example/myApp-config.git',
  'myapp-ci': 'https://git.example.com/example/myApp-ci.git',
  'myapp-cd': 'https://git.example.com/example/myApp-cd.git',
};

/**
 * Clones the three myapp bundles into a new temporary folder with each origin set to the URL
 * its Applications name. Returns undefined when the shared data is absent.
 */
export function cloneMyappWorkspace(): string | undefined {
  const realWorld = sharedPath('real-world');
  if (realWorld === undefined) {
    return undefined;
  }
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'myapp-workspace-'));
  for (const [name, origin] of Object.entries(myappOrigins)) {
    const clone = path.join(target, name);
    execFileSync('git', [
      'clone',
      '--quiet',
      '-b',
      'main',
      path.join(realWorld, `${name}.bundle`),
      clone,
    ]);
    execFileSync('git', ['-C', clone, 'remote', 'set-url', 'origin', origin]);
  }
  return target;
}

/**
 * Extracts the gitops-catalog snapshot once into a fixed temporary folder, for benchmarks that
 * reuse it across runs. Returns undefined when the shared data is absent.
 */
export function extractCatalog(): string | undefined {
  const archive = sharedPath('real-world', 'gitops-catalog.tar.gz');
  if (archive === undefined) {
    return undefined;
  }
  const target = path.join(os.tmpdir(), 'gitops-workbench-bench', 'catalog');
  if (!fs.existsSync(target)) {
    fs.mkdirSync(target, { recursive: true });
    execFileSync('tar', ['-xzf', archive, '-C', target]);
  }
  return target;
}
