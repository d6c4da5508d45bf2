import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadApplications } from '../../src/core/argo/loader';
import type { ArgoResolution, ResolvedApplication } from '../../src/core/argo/resolve';
import { repoRoot } from '../support/paths';

function byName(resolution: ArgoResolution, name: string): ResolvedApplication {
  const all = [...resolution.applications, ...resolution.applicationSets];
  const found = all.find((app) => app.name === name);
  assert.ok(found, `no Application or ApplicationSet named ${name}`);
  return found;
}

function git(repository: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repository, ...args], { encoding: 'utf8' }).trim();
}

describe('example workspace', () => {
  let target = '';
  let resolution: ArgoResolution;

  before(async () => {
    target = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-examples-'));
    const script = path.join(repoRoot, 'scripts', 'make-examples.sh');
    execFileSync('bash', [script, target], { stdio: 'pipe' });
    resolution = await loadApplications([target]);
  });

  after(() => {
    fs.rmSync(target, { recursive: true, force: true });
  });

  it('has reproducible git histories', () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'tracker-examples-'));
    try {
      execFileSync('bash', [path.join(repoRoot, 'scripts', 'make-examples.sh'), again], {
        stdio: 'pipe',
      });
      for (const name of ['tracker-config', 'tracker-ci', 'tracker-cd']) {
        assert.equal(
          git(path.join(again, name), 'rev-parse', 'HEAD'),
          git(path.join(target, name), 'rev-parse', 'HEAD'),
          name,
        );
      }
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  it('records tag bumps and a promotion', () => {
    const subjects = git(path.join(target, 'tracker-cd'), 'log', '--format=%s').split('\n');

    assert.equal(subjects.length, 5);
    assert.ok(subjects.includes('Promote a1b2c3d-x7k2p to qa'));
    assert.equal(subjects.filter((subject) => subject.startsWith('Update dev image to')).length, 3);
    assert.equal(git(path.join(target, 'tracker-cd'), 'status', '--porcelain'), '');
  });

  it('writes a workspace file with three folders', () => {
    const text = fs.readFileSync(path.join(target, 'tracker.code-workspace'), 'utf8');
    const workspaceFile = JSON.parse(text) as {
      folders: { path: string }[];
    };

    assert.deepEqual(
      workspaceFile.folders.map((folder) => folder.path),
      ['tracker-config', 'tracker-ci', 'tracker-cd'],
    );
  });

  it('finds Applications, ApplicationSet and AppProject', () => {
    const names = resolution.applications.map((app) => app.name).sort();

    assert.deepEqual(names, [
      'tracker-ci',
      'tracker-dev',
      'tracker-production',
      'tracker-qa',
      'tracker-root',
    ]);
    assert.deepEqual(
      resolution.applicationSets.map((set) => set.name),
      ['tracker-regions'],
    );
    assert.deepEqual(
      resolution.projects.map((project) => project.name),
      ['parcel'],
    );
  });

  it('resolves each environment to its overlay', () => {
    const expected: Readonly<Record<string, string>> = {
      'tracker-dev': 'tracker-cd/env/01-dev',
      'tracker-qa': 'tracker-cd/env/02-qa',
      'tracker-production': 'tracker-cd/env/03-production',
      'tracker-ci': 'tracker-ci/pipelines',
      'tracker-root': 'tracker-config/apps',
      'tracker-regions': 'tracker-cd/env/03-production',
    };

    for (const [name, folder] of Object.entries(expected)) {
      assert.equal(byName(resolution, name).localPath, path.join(target, folder), name);
    }
  });

  it('links the root to every other Application', () => {
    const root = byName(resolution, 'tracker-root');
    const expectedChildren = [
      'tracker-ci',
      'tracker-dev',
      'tracker-production',
      'tracker-qa',
      'tracker-regions',
    ];

    assert.deepEqual([...root.children].sort(), expectedChildren);
    assert.equal(root.parent, undefined);
    for (const child of expectedChildren) {
      assert.equal(byName(resolution, child).parent, 'tracker-root', child);
    }
  });

  it('reads destinations and sync policies', () => {
    const dev = byName(resolution, 'tracker-dev');
    const production = byName(resolution, 'tracker-production');

    assert.equal(dev.destination?.namespace, 'tracker-dev');
    assert.equal(dev.syncPolicy?.automated, true);
    assert.equal(dev.syncPolicy?.selfHeal, true);
    assert.deepEqual(dev.syncPolicy?.syncOptions, ['CreateNamespace=true']);
    assert.equal(production.destination?.namespace, 'tracker-prod');
    assert.equal(production.syncPolicy?.automated, false);
  });

  it('leaves unknown remotes unresolved', async () => {
    git(
      path.join(target, 'tracker-cd'),
      'remote',
      'set-url',
      'origin',
      'https://git.example.test/parcel/renamed.git',
    );
    const changed = await loadApplications([target]);
    const dev = byName(changed, 'tracker-dev').sources[0]?.resolution;

    assert.equal(dev?.kind === 'unresolved' ? dev.code : dev?.kind, 'no-workspace-folder');
    assert.equal(
      byName(changed, 'tracker-ci').localPath,
      path.join(target, 'tracker-ci', 'pipelines'),
    );
  });
});
