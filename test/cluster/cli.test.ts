import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { fixturePath } from '../support/paths';
import { makeExampleWorkspace } from '../support/workspaces';
import { kubeconfig, skipReason } from './support';

interface Captured {
  readonly io: CliIo;
  readonly out: () => string;
}

function capture(): Captured {
  let out = '';
  const io: CliIo = { cwd: process.cwd(), out: (text) => (out += text), err: () => undefined };
  return { io, out: () => out };
}

describe('diff and sync commands', { skip: skipReason }, () => {
  const overlay = fixturePath('drift', 'shop', 'overlay');
  const common = ['--kubeconfig', kubeconfig ?? '', '--name', 'storefront'];

  it('sync then diff --json is Synced', async () => {
    const sync = capture();
    const syncCode = await runCli(['sync', overlay, ...common, '--create-namespace', '--prune', '--force'], sync.io);

    const diff = capture();
    const diffCode = await runCli(['diff', overlay, ...common, '--json'], diff.io);
    const report = JSON.parse(diff.out()) as { status: string; resources: Record<string, unknown>[] };

    assert.equal(syncCode, 0, sync.out());
    assert.match(sync.out(), /Application storefront: sync Succeeded/);
    assert.equal(diffCode, 0);
    assert.equal(report.status, 'Synced');
    assert.deepEqual(Object.keys(report.resources[0] ?? {}).slice(0, 7), [
      'group',
      'version',
      'kind',
      'namespace',
      'name',
      'status',
      'differences',
    ]);
  });

  it('dry-run sync changes nothing', async () => {
    const sync = capture();

    const code = await runCli(['sync', overlay, ...common, '--dry-run', '--force'], sync.io);

    assert.equal(code, 0, sync.out());
    assert.match(sync.out(), /dry run: nothing was changed/);
  });

  it('rejects a target that is no folder', async () => {
    const output = capture();
    let errors = '';
    const io: CliIo = { ...output.io, err: (text) => (errors += text) };

    const code = await runCli(['diff', 'no-such-app', ...common], io);

    assert.equal(code, 2);
    assert.match(errors, /"no-such-app" is neither a folder nor an Application/);
  });
});

describe('diff and sync by Application name', { skip: skipReason }, () => {
  let workspace = '';

  before(() => {
    workspace = makeExampleWorkspace();
  });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('syncs tracker-dev into its destination namespace', async () => {
    const common = ['--workspace', workspace, '--kubeconfig', kubeconfig ?? ''];
    const sync = capture();
    const syncCode = await runCli(['sync', 'tracker-dev', ...common, '--create-namespace', '--force'], sync.io);

    const diff = capture();
    const diffCode = await runCli(['diff', 'tracker-dev', ...common, '--json'], diff.io);
    const report = JSON.parse(diff.out()) as { status: string; resources: { namespace: string; kind: string }[] };

    assert.equal(syncCode, 0, sync.out());
    assert.equal(diffCode, 0, diff.out());
    assert.equal(report.status, 'Synced');
    const deployment = report.resources.find((resource) => resource.kind === 'Deployment');
    assert.equal(deployment?.namespace, 'tracker-dev');
  });
});
