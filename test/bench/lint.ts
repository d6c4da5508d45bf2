/**
 * Lint timings over the gitops-catalog snapshot: every root static-only, then with rendering
 * cold (empty render cache) and warm (same cache), then re-linting after one edit of a shared
 * base, which touches only the roots that depend on it. Prints figures only.
 * Usage: node out/test/bench/lint.js [catalog folder]; without one the snapshot is extracted to a temp folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintAcrossRoots, Linter } from '../../src/core/lint/linter';
import { Renderer } from '../../src/core/render/renderer';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { extractCatalog } from '../support/workspaces';

function catalogFolder(): string | undefined {
  const given = process.argv[2];
  return given === undefined ? extractCatalog() : path.resolve(given);
}

/**
 * Prints wall time and the CPU time of this process. CPU time excludes kustomize child processes
 * and time spent waiting for a busy machine, so it is the steadier figure for the static passes.
 */
async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const result = await run();
  const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMilliseconds = (cpu.user + cpu.system) / 1000;
  const wall = `${milliseconds.toFixed(0).padStart(8)} ms`;
  console.log(`${label.padEnd(44)} ${wall}  (cpu ${cpuMilliseconds.toFixed(0)} ms)`);
  return result;
}

/** The base (not a Component) that the most roots depend on, found through its kustomization file. */
function mostSharedBase(model: WorkspaceModel): string {
  let best = '';
  let dependents = -1;
  for (const root of model.roots()) {
    if (root.kustomization?.kind === 'Component') {
      continue;
    }
    const count = model.rootsDependingOn(root.filePath).length;
    if (count > dependents) {
      best = root.filePath;
      dependents = count;
    }
  }
  return best;
}

async function main(): Promise<void> {
  const folder = catalogFolder();
  if (folder === undefined) {
    console.log('skipped: gitops-catalog.tar.gz not found (set GITOPS_SHARED)');
    return;
  }

  const model = new WorkspaceModel([folder]);
  await timed('load workspace model', async () => model.load());
  console.log(`roots ${model.roots().length}`);

  const staticLinter = new Linter(model);
  const staticResults = await timed('lint static, all roots', () => staticLinter.lintRoots());
  console.log(`findings static ${staticResults.flatMap((result) => result.diagnostics).length}`);
  await timed('lint static again, files parsed', () => staticLinter.lintRoots());

  const renderer = new Renderer({ cacheEntries: 2048 });
  const render = (dir: string, signal?: AbortSignal) => renderer.render(dir, {}, signal);
  const rendering = new Linter(model, { render });
  const cold = await timed('lint with rendering, cold cache', () => rendering.lintRoots());
  console.log(`roots rendered ${cold.filter((result) => result.rendered).length}`);
  await timed('lint with rendering, warm cache', () => rendering.lintRoots());
  await timed('rules across roots', async () => lintAcrossRoots(rendering, cold));

  const base = mostSharedBase(model);
  const text = fs.readFileSync(base, 'utf8');
  model.source.setOverride(base, `${text}\n# edited\n`);
  const affected = model.update([base]);
  console.log(`edited ${path.relative(folder, base)}: ${affected.length} dependent roots`);
  await timed('re-lint dependents static', () => staticLinter.lintRoots(affected));
  const again = await timed('re-lint dependents with rendering', () =>
    rendering.lintRoots(affected),
  );
  console.log(`dependents rendered ${again.filter((result) => result.rendered).length}`);
  renderer.dispose();
}

void main();
