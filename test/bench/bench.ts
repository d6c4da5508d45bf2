/**
 * Runs every benchmark in this folder, one child process each so memory figures stay separate,
 * and prints their figures. Usage: `npm run bench [-- NAME...]` (names without `.js`).
 * Benchmarks print measurements only; none of them fails on a slow result.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const selected = process.argv.slice(2);
const files = fs
  .readdirSync(__dirname)
  .filter((file) => file.endsWith('.js') && file !== 'bench.js' && !file.startsWith('_'))
  .filter((file) => selected.length === 0 || selected.includes(path.basename(file, '.js')))
  .sort();

let failures = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${path.basename(file, '.js')}\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, file)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failures++;
    process.stdout.write(`benchmark ${file} exited with ${result.status ?? result.signal}\n`);
  }
}
process.exitCode = failures === 0 ? 0 : 1;
