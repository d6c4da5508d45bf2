/**
 * Measures `gitops-workbench diff` on an overlay of 200 objects against `kubectl diff -k` on the
 * same overlay: wall time (median of 3 warm runs) and API requests. Uses the cluster in
 * `KUBECONFIG`, else starts a throwaway control plane with scripts/control-plane.sh.
 * Usage: `node out/test/bench/cluster.js`. Prints figures only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { JsonObject } from '../../src/core/drift';
import { render } from '../../src/core/render/renderer';
import {
  ClusterConnection,
  ClusterContext,
  diffApplication,
  syncApplication,
} from '../../src/cluster';
import { repoRoot } from '../support/paths';

const objectCount = 200;
const runs = 3;

/** Writes a base of 50 each of Deployments, Services, ConfigMaps and Secrets, and an overlay. */
function writeOverlay(root: string): string {
  const base = path.join(root, 'base');
  const overlay = path.join(root, 'overlay');
  fs.mkdirSync(base, { recursive: true });
  fs.mkdirSync(overlay, { recursive: true });

  const files: string[] = [];
  for (let index = 0; index < objectCount / 4; index++) {
    const file = `app-${index}.yaml`;
    fs.writeFileSync(path.join(base, file), appYaml(`app-${index}`));
    files.push(file);
  }
  const resources = files.map((file) => `  - ${file}`).join('\n');
  fs.writeFileSync(path.join(base, 'kustomization.yaml'), `resources:\n${resources}\n`);
  fs.writeFileSync(
    path.join(overlay, 'kustomization.yaml'),
    'namespace: bench\nresources:\n  - ../base\nimages:\n  - name: registry.example.org/bench\n    newTag: "2.0"\n',
  );
  return overlay;
}

function appYaml(name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
          image: registry.example.org/bench:1.0
          resources: {requests: {cpu: 0.1, memory: 0.125Gi}}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}}
data: {mode: bench}
---
apiVersion: v1
kind: Secret
metadata: {name: ${name}}
stringData: {token: bench}
`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function renderObjects(overlay: string): Promise<JsonObject[]> {
  const result = await render(overlay);
  if (!result.ok) {
    throw new Error(result.error?.message ?? 'render failed');
  }
  return parseAllDocuments(result.yaml).map((document) => document.toJS() as JsonObject);
}

async function measureOurs(kubeconfig: string, overlay: string): Promise<void> {
  const signal = new AbortController().signal;
  setMaxListeners(64, signal);
  const times: number[] = [];
  let counts: Record<string, number> = {};

  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const connection = await ClusterConnection.open({ kubeconfig });
    const cluster = new ClusterContext(connection);
    const manifests = await renderObjects(overlay);
    const report = await diffApplication(
      cluster,
      { name: 'bench', namespace: 'bench', manifests },
      signal,
    );
    const elapsed = performance.now() - started;
    connection.close();
    if (report.status !== 'Synced') {
      console.log(`warning: the overlay is ${report.status} after a sync`);
    }
    if (run > 0) {
      times.push(elapsed);
      counts = { ...connection.counts };
    }
  }
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  console.log(
    `gitops-workbench diff: ${median(times).toFixed(0)} ms median of ${runs}, ${total} requests ${JSON.stringify(counts)}`,
  );
}

function measureKubectl(kubeconfig: string, overlay: string): void {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));
  const args = [
    'diff',
    '-k',
    overlay,
    '--server-side',
    '--force-conflicts',
    '--kubeconfig',
    kubeconfig,
    '--cache-dir',
    cacheDir,
    '-v=6',
  ];
  const times: number[] = [];
  let requests = 0;

  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const result = spawnSync('kubectl', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const elapsed = performance.now() - started;
    if (result.status !== 0 && result.status !== 1) {
      console.log(`kubectl diff failed: ${result.stderr.split('\n').slice(-3).join(' ')}`);
      return;
    }
    if (run > 0) {
      times.push(elapsed);
      requests = (result.stderr.match(/\b(GET|PATCH|POST|PUT|DELETE) https?:\/\//g) ?? []).length;
    }
  }
  fs.rmSync(cacheDir, { recursive: true, force: true });
  console.log(
    `kubectl diff -k --server-side --force-conflicts: ${median(times).toFixed(0)} ms median of ${runs}, ${requests} requests (warm discovery cache)`,
  );
}

function startControlPlane(dir: string): string {
  const script = path.join(repoRoot, 'scripts', 'control-plane.sh');
  const output = execFileSync('bash', [script, 'start', '--dir', dir], { encoding: 'utf8' });
  return (
    output
      .trim()
      .split('\n')
      .pop()
      ?.replace(/^KUBECONFIG=/, '') ?? ''
  );
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-bench-'));
  const ownControlPlane = process.env['KUBECONFIG'] === undefined;
  const kubeconfig = ownControlPlane
    ? startControlPlane(path.join(work, 'control-plane'))
    : (process.env['KUBECONFIG'] ?? '');

  try {
    const overlay = writeOverlay(work);
    const manifests = await renderObjects(overlay);
    const connection = await ClusterConnection.open({ kubeconfig });
    const sync = await syncApplication(
      new ClusterContext(connection),
      { name: 'bench', namespace: 'bench', manifests },
      { createNamespace: true },
    );
    connection.close();
    console.log(`overlay: ${manifests.length} objects, initial sync ${sync.phase}`);
    console.log(
      `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
    );

    await measureOurs(kubeconfig, overlay);
    measureKubectl(kubeconfig, overlay);
  } finally {
    if (ownControlPlane) {
      execFileSync('bash', [
        path.join(repoRoot, 'scripts', 'control-plane.sh'),
        'stop',
        '--dir',
        path.join(work, 'control-plane'),
      ]);
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
