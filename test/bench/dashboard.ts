// Measures the dashboard's first paint and its update after a promotion, on the myapp CD
// repository (when the shared data is present) and on a generated workspace of 20 environments
// and 100 images. Prints figures only; targets are first paint < 500 ms and update < 200 ms.
//
//   npx tsc -p tsconfig.test.json && node out/test/bench/dashboard.js
//
// "First paint" is loading the workspace model, computing the snapshot without git history and
// serializing it as the webview message. The history follows in a second message and is timed
// apart. "Update" is re-parsing the changed kustomization, recomputing and serializing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DashboardHistory } from '../../src/core/dashboard/history';
import { readDashboardHistory } from '../../src/core/dashboard/history';
import { buildSnapshot } from '../../src/core/dashboard/snapshot';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { missingSharedReason, sharedPath } from '../support/paths';

interface Figures {
  readonly firstPaintMs: number;
  readonly historyMs: number;
  readonly updateMs: number;
  readonly messageBytes: number;
  readonly cells: number;
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function measure(
  folder: string,
  promotedFile: string,
  promote: (text: string) => string,
): Promise<Figures> {
  let started = process.hrtime.bigint();
  const model = new WorkspaceModel([folder]);
  model.load();
  const first = JSON.stringify({ type: 'snapshot', snapshot: buildSnapshot({ model }) });
  const firstPaintMs = elapsed(started);

  started = process.hrtime.bigint();
  const history: DashboardHistory = await readDashboardHistory(model, model.environments());
  const historyMs = elapsed(started);

  model.source.setOverride(promotedFile, promote(fs.readFileSync(promotedFile, 'utf8')));
  started = process.hrtime.bigint();
  model.update([promotedFile]);
  const snapshot = buildSnapshot({ model, history });
  JSON.stringify({ type: 'snapshot', snapshot });
  const updateMs = elapsed(started);

  const cells = snapshot.images.reduce((sum, row) => sum + row.cells.length, 0);
  return { firstPaintMs, historyMs, updateMs, messageBytes: Buffer.byteLength(first), cells };
}

function print(name: string, figures: Figures): void {
  const round = (value: number) => value.toFixed(1).padStart(8);
  console.log(
    `${name.padEnd(28)} first paint ${round(figures.firstPaintMs)} ms  history ${round(figures.historyMs)} ms  ` +
      `update ${round(figures.updateMs)} ms  message ${(figures.messageBytes / 1024).toFixed(0)} KiB  cells ${figures.cells}`,
  );
}

function git(dir: string, ...args: string[]): void {
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.test',
  };
  execFileSync('git', ['-C', dir, ...args], {
    stdio: 'ignore',
    env: { ...env, GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.test' },
  });
}

/** Writes 20 overlays of one base, each setting 100 images, with 5 commits of tag changes. */
function generateWorkspace(root: string): string {
  const imageNames = Array.from(
    { length: 100 },
    (_, index) => `registry.example.test/bench/service-${index}`,
  );
  fs.mkdirSync(path.join(root, 'base'), { recursive: true });
  fs.writeFileSync(path.join(root, 'base', 'kustomization.yaml'), 'resources:\n  - config.yaml\n');
  fs.writeFileSync(
    path.join(root, 'base', 'config.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench\n',
  );
  git(root, 'init', '-q', '-b', 'main');

  for (let round = 1; round <= 5; round += 1) {
    for (let stage = 1; stage <= 20; stage += 1) {
      const dir = path.join(root, `stage-${String(stage).padStart(2, '0')}`);
      fs.mkdirSync(dir, { recursive: true });
      const entries = imageNames.map(
        (name, index) => `  - name: ${name}\n    newTag: 1.${round + ((index + stage) % 3)}.0`,
      );
      fs.writeFileSync(
        path.join(dir, 'kustomization.yaml'),
        `resources:\n  - ../base\nimages:\n${entries.join('\n')}\n`,
      );
    }
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', `Round ${round} of tag updates`);
  }
  return root;
}

async function main(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-bench-'));
  try {
    const bundle = sharedPath('real-world', 'myapp-cd.bundle');
    if (bundle === undefined) {
      console.log(`myapp-cd skipped: ${missingSharedReason('myapp-cd.bundle')}`);
    } else {
      const clone = path.join(scratch, 'myapp-cd');
      execFileSync('git', ['clone', '-q', '-b', 'main', bundle, clone]);
      const qa = path.join(clone, 'env', '02-qa', 'kustomization.yaml');
      print(
        'myapp-cd (3 environments)',
        await measure(clone, qa, (text) => text.replace(/newTag: .*/, 'newTag: promoted-1')),
      );
    }

    const generated = generateWorkspace(path.join(scratch, 'generated'));
    const second = path.join(generated, 'stage-02', 'kustomization.yaml');
    print(
      'generated (20 x 100)',
      await measure(generated, second, (text) => text.replaceAll('newTag: 1.', 'newTag: 2.')),
    );
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

void main();
