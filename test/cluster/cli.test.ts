import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { fixturePath } from '../support/paths';
import { makeExampleWorkspace } from '../support/workspaces';
import { kubeconfig, skipReason, uniqueName } from './support';

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
    const syncCode = await runCli(
      ['sync', overlay, ...common, '--create-namespace', '--prune', '--force'],
      sync.io,
    );

    const diff = capture();
    const diffCode = await runCli(['diff', overlay, ...common, '--json'], diff.io);
    const report = JSON.parse(diff.out()) as {
      status: string;
      resources: Record<string, unknown>[];
    };

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
    const syncCode = await runCli(
      ['sync', 'tracker-dev', ...common, '--create-namespace', '--force'],
      sync.io,
    );

    const diff = capture();
    const diffCode = await runCli(['diff', 'tracker-dev', ...common, '--json'], diff.io);
    const report = JSON.parse(diff.out()) as {
      status: string;
      resources: { namespace: string; kind: string }[];
    };

    assert.equal(syncCode, 0, sync.out());
    assert.equal(diffCode, 0, diff.out());
    assert.equal(report.status, 'Synced');
    const deployment = report.resources.find((resource) => resource.kind === 'Deployment');
    assert.equal(deployment?.namespace, 'tracker-dev');
  });
});

describe('diff and sync without the namespace', { skip: skipReason }, () => {
  let overlay = '';
  let namespace = '';
  let common: string[] = [];

  before(() => {
    namespace = uniqueName('absent');
    overlay = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-absent-'));
    const base = path.relative(overlay, fixturePath('drift', 'shop', 'base'));
    const kustomization = ['resources:', `  - ${base}`, `namespace: ${namespace}`, ''].join('\n');
    fs.writeFileSync(path.join(overlay, 'kustomization.yaml'), kustomization);
    common = ['--kubeconfig', kubeconfig ?? '', '--name', 'absent'];
  });

  after(() => fs.rmSync(overlay, { recursive: true, force: true }));

  it('sync prints each failure once', async () => {
    let errors = '';
    const output = capture();
    const io: CliIo = { ...output.io, err: (text) => (errors += text) };

    const code = await runCli(['sync', overlay, ...common], io);

    const failures = output
      .out()
      .split('\n')
      .filter((line) => line.includes(' failed '));
    assert.equal(code, 1, output.out());
    assert.equal(failures.length, 4, output.out());
    for (const line of failures) {
      assert.doesNotMatch(line, /Application "absent"/);
      assert.match(line, new RegExp(`namespaces "${namespace}" not found`));
      assert.match(line, /--create-namespace/);
    }
    assert.doesNotMatch(errors, /not found/);
  });

  it('diff shows Missing once per object', async () => {
    const output = capture();

    const code = await runCli(['diff', overlay, ...common], output.io);

    const missing = output
      .out()
      .split('\n')
      .filter((line) => line.trimStart().startsWith('Missing'));
    assert.equal(code, 1);
    assert.equal(missing.length, 4, output.out());
    for (const line of missing) {
      assert.doesNotMatch(line, /\(Missing\)/);
    }
  });
});
