import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findArgoObjects } from '../../src/core/argo/objects';
import type { ArgoResolution, ResolvedApplication } from '../../src/core/argo/resolve';
import { loadApplications } from '../../src/core/argo/loader';
import { parseYamlFile } from '../../src/core/yamlFile';
import { missingSharedReason, sharedPath } from '../support/paths';

const realWorld = sharedPath('real-world');
const repositoryNames = ['myapp-config', 'myapp-ci', 'myapp-cd'];

function byName(resolution: ArgoResolution, name: string): ResolvedApplication {
  const found = resolution.applications.find((app) => app.name === name);
  assert.ok(found, `no Application named ${name}`);
  return found;
}

/** Collects the repoURL of every Application in the config clone, the URLs origins must carry. */
function applicationRepoUrls(configClone: string): string[] {
  const urls = new Set<string>();
  const folder = path.join(configClone, 'argocd');
  const files = fs.readdirSync(folder, { recursive: true, encoding: 'utf8' });
  for (const relative of files.filter((name) => name.endsWith('.yaml'))) {
    const file = path.join(folder, relative);
    const objects = findArgoObjects(parseYamlFile(file, fs.readFileSync(file, 'utf8')));
    objects.flatMap((object) => object.sources).forEach((source) => urls.add(source.repoURL ?? ''));
  }
  return [...urls].filter((url) => url !== '');
}

/** Matches a URL such as https://git.example.com/example/myApp-cd.git to the clone myapp-cd. */
function cloneNameOf(url: string): string | undefined {
  const last = url
    .replace(/\.git$/, '')
    .split('/')
    .pop()
    ?.toLowerCase();
  return repositoryNames.find((name) => name === last);
}

const skip = realWorld === undefined ? missingSharedReason('real-world') : false;

describe('myapp repositories', { skip }, () => {
  let workspace = '';
  let resolution: ArgoResolution;

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'myapp-argo-'));
    for (const name of repositoryNames) {
      const bundle = path.join(realWorld ?? '', `${name}.bundle`);
      execFileSync('git', ['clone', '--quiet', '-b', 'main', bundle, path.join(workspace, name)]);
    }

    for (const url of applicationRepoUrls(path.join(workspace, 'myapp-config'))) {
      const clone = cloneNameOf(url);
      assert.ok(clone, `no bundle for ${url}`);
      execFileSync('git', ['-C', path.join(workspace, clone), 'remote', 'set-url', 'origin', url]);
    }

    resolution = await loadApplications(repositoryNames.map((name) => path.join(workspace, name)));
  });

  after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('finds the Applications and the AppProject', () => {
    const names = resolution.applications.map((app) => app.name);

    const expected = [
      'myapp-argo-app',
      'myapp-ci',
      'myapp-ci-production',
      'myapp-cd-development',
      'myapp-cd-qa',
      'myapp-cd-production',
    ];
    for (const name of expected) {
      assert.ok(names.includes(name), `missing ${name}`);
    }
    assert.ok(resolution.projects.length >= 1);
  });

  it('resolves the CD Applications to overlays', () => {
    const expected: Readonly<Record<string, string>> = {
      'myapp-cd-development': 'myapp-cd/env/01-dev',
      'myapp-cd-qa': 'myapp-cd/env/02-qa',
      'myapp-cd-production': 'myapp-cd/env/03-production',
      'myapp-argo-app': 'myapp-config/argocd',
    };

    for (const [name, folder] of Object.entries(expected)) {
      assert.equal(byName(resolution, name).localPath, path.join(workspace, folder), name);
    }
  });

  it('links the root through its kustomization', () => {
    const root = byName(resolution, 'myapp-argo-app');

    assert.ok(!root.children.includes('myapp-argo-app'));
    for (const name of ['myapp-ci', 'myapp-cd-development', 'myapp-cd-qa', 'myapp-cd-production']) {
      assert.ok(root.children.includes(name), `root misses ${name}`);
      assert.equal(byName(resolution, name).parent, 'myapp-argo-app', name);
    }
    assert.equal(root.parent, undefined);
  });

  it('reports a path missing from main', () => {
    // myapp-ci-dependency-check names path dependency-check, which no commit of main contains.
    const missing = byName(resolution, 'myapp-ci-dependency-check').sources[0]?.resolution;

    assert.equal(missing?.kind === 'unresolved' ? missing.code : missing?.kind, 'path-not-found');
  });

  it('gives reasons for unresolved sources', () => {
    for (const app of resolution.applications) {
      for (const source of app.sources) {
        if (source.resolution.kind === 'unresolved') {
          assert.ok(source.resolution.reason.length > 0, app.name);
        }
      }
    }
  });
});
