/**
 * Times two image operations and prints figures only. The first is set-image on a generated
 * kustomization of about 2,000 lines with 200 image entries, changing one entry and appending
 * one. The second is the image history of env/01-dev in the myapp CD repository, read from a
 * fresh clone with cold caches. Usage: node out/test/bench/images.js
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setImagesInText } from '../../src/core/images/edit';
import { parseSetImageArguments } from '../../src/core/images/setImageArgs';
import { readImageHistory } from '../../src/core/git/history';
import { openRepository } from '../../src/core/git/repository';
import { sharedPath } from '../support/paths';

/** Builds a kustomization with `imageCount` entries, comments and a long patch list (10 lines per entry). */
function generatedKustomization(imageCount: number): string {
  const lines = [
    '# Generated overlay for timing the image editor.',
    'resources:',
    '- ../base',
    'patches:',
  ];
  for (let index = 0; index < imageCount; index++) {
    lines.push(
      `# replicas of service-${index}`,
      `- target:`,
      `    kind: Deployment`,
      `    name: service-${index}`,
      `  patch: |-`,
      `    - op: replace`,
      `      path: /spec/replicas`,
      `      value: ${index % 5}`,
    );
  }
  lines.push('images:');
  for (let index = 0; index < imageCount; index++) {
    lines.push(
      `- name: registry.example.com/team/service-${index} # owner ${index % 7}`,
      `  newTag: "1.${index}"`,
    );
  }
  return lines.join('\n') + '\n';
}

function timeSetImage(): void {
  const text = generatedKustomization(200);
  const requests = parseSetImageArguments([
    'registry.example.com/team/service-150:2.0.1',
    'registry.example.com/team/new:1.0',
  ]);
  const runs: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let run = 0; run < 20; run++) {
    const started = process.hrtime.bigint();
    setImagesInText('kustomization.yaml', text, requests);
    runs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }

  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerRun = (cpu.user + cpu.system) / 1000 / runs.length;
  const sorted = [...runs].sort((a, b) => a - b);
  const lineCount = text.split('\n').length - 1;
  const wall = `first ${runs[0]?.toFixed(1)} ms, median ${sorted[10]?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`;
  console.log(
    `set-image, ${lineCount} lines, 200 entries: ${wall} wall, ${cpuPerRun.toFixed(1)} ms CPU per run`,
  );
}

async function timeHistory(): Promise<void> {
  const bundle = sharedPath('real-world', 'myapp-cd.bundle');
  if (bundle === undefined) {
    console.log('history: skipped, the myapp-cd bundle was not found (set GITOPS_SHARED)');
    return;
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
  try {
    const clone = path.join(folder, 'myapp-cd');
    execFileSync('git', ['clone', '-q', '-b', 'main', bundle, clone]);
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const repository = await openRepository(clone);
    const changes = await readImageHistory(
      repository,
      path.join(clone, 'env/01-dev/kustomization.yaml'),
    );
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMilliseconds = (cpu.user + cpu.system) / 1000;
    console.log(
      `history of env/01-dev, cold: ${changes.length} changes, ${wall.toFixed(0)} ms wall, ${cpuMilliseconds.toFixed(0)} ms CPU`,
    );
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}`);
  timeSetImage();
  await timeHistory();
}

void main();
