import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import type { JsonObject } from '../../src/core/drift';
import { ClusterConnection, ClusterContext } from '../../src/cluster';
import { resolveTargets } from '../../src/cluster/targets';
import { fixturePath } from '../support/paths';

/** Port 1 on loopback: nothing listens there, so every connection is refused at once. */
const refusedServer = 'https://127.0.0.1:1';

function writeKubeconfig(dir: string): string {
  const file = path.join(dir, 'kubeconfig');
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: nowhere',
    '    cluster:',
    `      server: ${refusedServer}`,
    '      insecure-skip-tls-verify: true',
    'users:',
    '  - name: someone',
    '    user:',
    '      token: not-a-real-token',
    'contexts:',
    '  - name: nowhere',
    '    context: { cluster: nowhere, user: someone }',
    'current-context: nowhere',
    '',
  ].join('\n');
  fs.writeFileSync(file, text);
  return file;
}

function object(apiVersion: string, kind: string, name: string): JsonObject {
  return { apiVersion, kind, metadata: { name } };
}

interface CliRun {
  readonly code: number;
  readonly stderr: string;
  readonly elapsedMs: number;
}

async function runCapturing(args: string[]): Promise<CliRun> {
  let stderr = '';
  const io: CliIo = { cwd: process.cwd(), out: () => undefined, err: (text) => (stderr += text) };
  const started = Date.now();
  const code = await runCli(args, io);
  return { code, stderr, elapsedMs: Date.now() - started };
}

describe('unreachable API server', () => {
  let dir = '';
  let kubeconfig = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-unreachable-'));
    kubeconfig = writeKubeconfig(dir);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('discovery retries once per group version', async () => {
    const connection = await ClusterConnection.open({ kubeconfig });
    const lines: string[] = [];
    const cluster = new ClusterContext(connection, { retries: 2, baseDelayMs: 5 }, (line) =>
      lines.push(line),
    );
    const manifests = [
      object('v1', 'ConfigMap', 'a'),
      object('v1', 'ConfigMap', 'b'),
      object('v1', 'Secret', 'c'),
      object('v1', 'Service', 'd'),
      object('apps/v1', 'Deployment', 'e'),
      object('apps/v1', 'StatefulSet', 'f'),
    ];

    await assert.rejects(resolveTargets(cluster, { name: 'shop', manifests }), /ECONNREFUSED/);
    connection.close();

    const retries = lines.filter((line) => line.includes('retrying in'));
    assert.ok(retries.length <= 4, retries.join('\n'));
    assert.ok((connection.counts['GET'] ?? 0) <= 6, `GET requests: ${connection.counts['GET']}`);
  });

  it('diff exits 2 within seconds', async () => {
    const overlay = fixturePath('drift', 'shop', 'overlay');

    const run = await runCapturing(['diff', overlay, '--kubeconfig', kubeconfig]);

    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /cannot reach https:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    assert.ok(
      run.stderr.split('\n').filter((line) => line.includes('retrying in')).length <= 2,
      run.stderr,
    );
    assert.ok(run.elapsedMs < 10_000, `took ${run.elapsedMs} ms`);
  });

  it('sync exits 2 within seconds', async () => {
    const overlay = fixturePath('drift', 'shop', 'overlay');

    const run = await runCapturing(['sync', overlay, '--kubeconfig', kubeconfig, '--prune']);

    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /cannot reach https:\/\/127\.0\.0\.1:1/);
    assert.ok(run.elapsedMs < 10_000, `took ${run.elapsedMs} ms`);
  });

  it('missing --kubeconfig file is named', async () => {
    const missing = path.join(dir, 'no-such-kubeconfig');

    const run = await runCapturing([
      'diff',
      fixturePath('drift', 'shop', 'overlay'),
      '--kubeconfig',
      missing,
    ]);

    assert.equal(run.code, 2);
    assert.match(run.stderr, new RegExp(`kubeconfig ${missing} not found`));
    assert.doesNotMatch(run.stderr, /ENOENT/);
  });
});
