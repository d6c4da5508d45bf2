import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../src/cli/main';
import type { ScanReport } from '../../src/cli/commands/scan';
import { missingSharedReason, sharedPath } from '../support/paths';
import { cloneMyappWorkspace, makeExampleWorkspace } from '../support/workspaces';

async function scanJson(cwd: string): Promise<ScanReport> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['scan', '--json'], {
    cwd,
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout) as ScanReport;
}

function application(report: ScanReport, name: string): ScanReport['applications'][number] {
  const found = report.applications.find((candidate) => candidate.name === name);
  assert.ok(
    found,
    `no Application ${name} in ${report.applications.map((app) => app.name).join(', ')}`,
  );
  return found;
}

describe('scan on the example workspace', () => {
  let workspace = '';
  let report: ScanReport;

  before(async () => {
    workspace = makeExampleWorkspace();
    report = await scanJson(workspace);
  });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('lists roots with roles', () => {
    const roles = Object.fromEntries(report.kustomizations.map((root) => [root.path, root.role]));
    assert.equal(roles['tracker-cd/env/base'], 'base');
    assert.equal(roles['tracker-cd/env/01-dev'], 'overlay');
    assert.equal(roles['tracker-cd/env/components/high-availability'], 'component');
    assert.equal(roles['tracker-ci/pipelines'], 'standalone');
  });

  it('lists environments in promotion order', () => {
    assert.deepEqual(
      report.environments.map((environment) => environment.name),
      ['01-dev', '02-qa', '03-production'],
    );
  });

  it('resolves Applications to local folders', () => {
    const dev = application(report, 'tracker-dev');
    assert.equal(dev.localPath, 'tracker-cd/env/01-dev');
    assert.equal(dev.destination.namespace, 'tracker-dev');
    assert.equal(dev.source?.path, 'env/01-dev');
    assert.equal(dev.file, 'tracker-config/apps/environments/dev.yaml');
    assert.equal(dev.line, 1);
  });

  it('nests children under the root Application', () => {
    const root = application(report, 'tracker-root');
    assert.ok(root.children.includes('tracker-dev'));
    assert.ok(!root.children.includes('tracker-root'), 'the root is not its own child');
  });
});

const skip = sharedPath('real-world') === undefined ? missingSharedReason('real-world') : false;

describe('scan on the myapp repositories', { skip }, () => {
  let workspace = '';
  let report: ScanReport;

  before(async () => {
    workspace = cloneMyappWorkspace() ?? '';
    report = await scanJson(workspace);
  });

  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('finds the three environments', () => {
    assert.deepEqual(
      report.environments.map((environment) => environment.path),
      ['myapp-cd/env/01-dev', 'myapp-cd/env/02-qa', 'myapp-cd/env/03-production'],
    );
  });

  it('resolves each CD Application to its overlay', () => {
    assert.equal(application(report, 'myapp-cd-development').localPath, 'myapp-cd/env/01-dev');
    assert.equal(application(report, 'myapp-cd-qa').localPath, 'myapp-cd/env/02-qa');
    assert.equal(
      application(report, 'myapp-cd-production').localPath,
      'myapp-cd/env/03-production',
    );
  });

  it('nests the Applications under the root', () => {
    const root = application(report, 'myapp-argo-app');
    assert.equal(root.localPath, 'myapp-config/argocd');
    assert.ok(root.children.includes('myapp-cd-qa'));
    assert.ok(!root.children.includes('myapp-argo-app'));
  });
});
