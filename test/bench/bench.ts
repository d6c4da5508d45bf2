/**
 * Runs every benchmark in this folder, one child process each so memory figures stay separate,
 * and prints their figures. Usage: `npm run bench [-- NAME...]` (names without `.js`).
 * Benchmarks print measurements only; none of them fails on a slow result. Without KUBECONFIG,
 * a throwaway control plane is started for the cluster benchmarks and stopped at the end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const selected = process.argv.slice(2);
const files = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith('.js') && file !== 'bench.js' && !file.startsWith('_'))
  .filter((file) => selected.length === 0 || selected.includes(path.basename(file, '.js')))
  .sort();

const controlPlaneScript = path.join(repoRoot, 'scripts', 'control-plane.sh');
let controlPlaneDir: string | undefined;

/** Starts a control plane unless KUBECONFIG is set; returns a note when none could start. */
function ensureCluster(): string | undefined {
  if (process.env['KUBECONFIG'] !== undefined) {
    return undefined;
  }
  controlPlaneDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-bench-cluster-'));
  try {
    const output = execFileSync('bash', [controlPlaneScript, 'start', '--dir', controlPlaneDir], {
      encoding: 'utf8',
    });
    const last = output.trim().split('\n').pop() ?? '';
    process.env['KUBECONFIG'] = last.replace(/^KUBECONFIG=/, '');
    return undefined;
  } catch (error) {
    return `no control plane could start (${(error as Error).message.split('\n')[0]}); cluster figures are skipped`;
  }
}

const note = ensureCluster();
if (note !== undefined) {
  process.stdout.write(`${note}\n`);
}

let failures = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${path.basename(file, '.js')}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, file)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failures++;
    process.stdout.write(`benchmark ${file} exited with ${result.status ?? result.signal}\n`);
  }
}
if (controlPlaneDir !== undefined) {
  spawnSync('bash', [controlPlaneScript, 'stop', '--dir', controlPlaneDir], { stdio: 'ignore' });
}
process.exitCode = failures === 0 ? 0 : 1;
