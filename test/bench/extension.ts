/**
 * Extension figures from a real VS Code (code-server): activation time, first load, refresh
 * after an edit and extension-host memory, on the example workspace and, when the shared data
 * is present, on the myapp repositories. Needs `scripts/setup.sh` and a build.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { cloneMyappWorkspace, makeExampleWorkspace } from '../support/workspaces';

const runner = path.join(repoRoot, 'test', 'vscode', 'runCodeServer.mjs');
const entry = path.join(repoRoot, 'out', 'test', 'vscode', 'bench', 'index.js');

function benchInCodeServer(label: string, workspace: string): void {
  console.log(`extension on ${label}:`);
  const result = spawnSync(process.execPath, [runner, '--workspace', workspace, '--tests', entry], {
    encoding: 'utf8',
  });
  const figures = (result.stdout ?? '')
    .split('\n')
    .filter((line) => line.includes('] bench: '))
    .map((line) => `  ${line.slice(line.indexOf('] bench: ') + '] bench: '.length)}`);
  console.log(
    figures.length > 0
      ? figures.join('\n')
      : `  no figures (exit ${result.status}):\n${result.stderr}`,
  );
}

const examples = makeExampleWorkspace();
benchInCodeServer('the example workspace', path.join(examples, 'tracker.code-workspace'));
fs.rmSync(examples, { recursive: true, force: true });

const myapp = cloneMyappWorkspace();
if (myapp === undefined) {
  console.log('extension on myapp: real-world data not found; set GITOPS_SHARED');
} else {
  benchInCodeServer('the myapp repositories', myapp);
  fs.rmSync(myapp, { recursive: true, force: true });
}
