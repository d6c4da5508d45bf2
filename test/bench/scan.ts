/**
 * Workspace scan figures: cold and warm load of the 639-root catalog and of the myapp CD
 * repository, the incremental update after editing one shared base file, and bundle sizes.
 * Cold means a fresh process; warm means a second load in the same process (file cache warm).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { repoRoot, sharedPath } from '../support/paths';
import { extractCatalog } from '../support/workspaces';

function millisecondsOf(work: () => void): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function cloneMyappCd(): string | undefined {
  const bundle = sharedPath('real-world', 'myapp-cd.bundle');
  if (bundle === undefined) {
    return undefined;
  }
  const target = path.join(os.tmpdir(), 'gitops-workbench-bench', 'myapp-cd');
  if (!fs.existsSync(target)) {
    execFileSync('git', ['clone', '-q', '-b', 'main', bundle, target]);
  }
  return target;
}

function benchScan(label: string, folder: string): void {
  let model = new WorkspaceModel([folder]);
  const cold = millisecondsOf(() => model.load());
  model = new WorkspaceModel([folder]);
  const warm = millisecondsOf(() => model.load());
  console.log(
    `scan ${label}: ${model.roots().length} roots, cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms (target: cold under 1000 ms)`,
  );

  const shared = [...model.roots()]
    .map((root) => ({ root, dependents: model.rootsDependingOn(root.filePath).length }))
    .sort((a, b) => b.dependents - a.dependents)[0];
  if (shared === undefined) {
    return;
  }
  let affected: string[] = [];
  const update = millisecondsOf(() => {
    affected = model.update([shared.root.filePath]);
  });
  console.log(
    `  update after editing ${path.relative(folder, shared.root.filePath)}: ${affected.length} roots affected, ${update.toFixed(1)} ms`,
  );
}

function reportBundleSizes(): void {
  for (const file of ['dist/extension.js', 'dist/cli.js', 'dist/webview.js']) {
    const full = path.join(repoRoot, file);
    if (fs.existsSync(full)) {
      const kilobytes = fs.statSync(full).size / 1024;
      const target =
        file === 'dist/extension.js' ? ' (target: under 2048 KB, minified production build)' : '';
      console.log(`bundle ${file}: ${kilobytes.toFixed(0)} KB${target}`);
    } else {
      console.log(`bundle ${file}: not built (run node scripts/build.mjs --production)`);
    }
  }
}

const catalog = extractCatalog();
const myappCd = cloneMyappCd();
if (catalog === undefined || myappCd === undefined) {
  console.log('scan: real-world data not found; set GITOPS_SHARED to the shared test data folder');
}
if (catalog !== undefined) {
  benchScan('gitops-catalog', catalog);
}
if (myappCd !== undefined) {
  benchScan('myapp-cd', myappCd);
}
reportBundleSizes();
console.log(
  `memory: heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB after the scans`,
);
