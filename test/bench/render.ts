/**
 * Render overhead: the renderer (cache off, so every run spawns) against a bare spawn of the
 * same build command on the same overlay, as a ratio of medians. Also prints a cache miss
 * (inputs collected and hashed, then a spawn), a cache hit, and a render with an unsaved edit
 * (temporary mirror). Target ratio: at most 1.15.
 * Uses the myapp CD repository's dev overlay when the shared data is present, else a fixture.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCommand, resolveEngine } from '../../src/core/render/engine';
import { Renderer } from '../../src/core/render/renderer';
import { renderSettings } from '../../src/core/render/settings';
import { fixturePath, sharedPath } from '../support/paths';

const runs = 25;

function overlayUnderTest(): string {
  const bundle = sharedPath('real-world', 'myapp-cd.bundle');
  if (bundle === undefined) {
    return fixturePath('render', 'overlays', 'staging');
  }

  const clone = path.join(os.tmpdir(), 'gitops-workbench-bench', 'myapp-cd');
  if (!fs.existsSync(clone)) {
    execFileSync('git', ['clone', '-q', '-b', 'main', bundle, clone]);
  }
  return path.join(clone, 'env', '01-dev');
}

function bareBuild(command: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] ?? '', command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve());
  });
}

async function millisecondsOf(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const overlay = overlayUnderTest();
  const command = buildCommand(resolveEngine(renderSettings()), overlay);
  const uncached = new Renderer({ cacheEntries: 0 });
  const bare: number[] = [];
  const rendered: number[] = [];
  const misses: number[] = [];

  await bareBuild(command);
  await uncached.render(overlay);
  for (let run = 0; run < runs; run++) {
    bare.push(await millisecondsOf(() => bareBuild(command)));
    rendered.push(await millisecondsOf(() => uncached.render(overlay)));
    misses.push(await millisecondsOf(() => new Renderer().render(overlay)));
  }

  const cached = new Renderer();
  await cached.render(overlay);
  const hit = await millisecondsOf(() => cached.render(overlay));

  const kustomization = path.join(overlay, 'kustomization.yaml');
  const overrides = new Map([
    [kustomization, fs.readFileSync(kustomization, 'utf8') + '\n# edited\n'],
  ]);
  const mirrored = await millisecondsOf(() => uncached.render(overlay, { overrides }));

  const ratio = median(rendered) / median(bare);
  console.log(`overlay: ${overlay}`);
  console.log(`command: ${command.join(' ')}`);
  console.log(`runs: ${runs}, medians in ms`);
  console.log(`bare spawn       ${median(bare).toFixed(1)}`);
  console.log(`renderer         ${median(rendered).toFixed(1)}`);
  console.log(`ratio            ${ratio.toFixed(3)} (target <= 1.15)`);
  const missRatio = median(misses) / median(bare);
  const missFigures = `${median(misses).toFixed(1)} (ratio ${missRatio.toFixed(3)}, inputs hashed)`;
  console.log(`cache miss       ${missFigures}`);
  console.log(`cache hit        ${hit.toFixed(2)}`);
  console.log(`unsaved edit     ${mirrored.toFixed(1)} (one run, temporary mirror)`);
}

void main();
