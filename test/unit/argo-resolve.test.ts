import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findArgoObjects } from '../../src/core/argo/objects';
import type { ArgoResolution, ResolvedApplication } from '../../src/core/argo/resolve';
import { resolveApplications } from '../../src/core/argo/resolve';
import { summariseApplication } from '../../src/core/argo/summary';
import { parseYamlFile } from '../../src/core/yamlFile';

const configUrl = 'https://git.example.test/depot/config.git';
const manifestsUrl = 'git@git.example.test:depot/manifests.git';

/** Builds an Application document; `spec` is indented YAML placed under `spec:`. */
function application(name: string, spec: string): string {
  const header = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\n';
  return `${header}metadata:\n  name: ${name}\n  namespace: argocd\nspec:\n${spec}`;
}

function source(repoURL: string, sourcePath: string, extra = ''): string {
  const fields = `    repoURL: ${repoURL}\n    path: ${sourcePath}\n    targetRevision: main\n`;
  return `  source:\n${fields}${extra}`;
}

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function byName(resolution: ArgoResolution, name: string): ResolvedApplication {
  const all = [...resolution.applications, ...resolution.applicationSets];
  const found = all.find((app) => app.name === name);
  assert.ok(found, `no Application or ApplicationSet named ${name}`);
  return found;
}

describe('findArgoObjects', () => {
  it('reads every document of a file', () => {
    const text = [
      '# Platform objects',
      'apiVersion: argoproj.io/v1alpha1',
      'kind: AppProject',
      'metadata:',
      '  name: depot',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: not-argo',
      '---',
      application('depot-web', source(configUrl, 'web')),
    ].join('\n');
    const objects = findArgoObjects(parseYamlFile('/ws/platform.yaml', text));

    assert.equal(objects.length, 2);
    assert.equal(objects[0]?.kind, 'AppProject');
    assert.equal(objects[0]?.documentIndex, 0);
    assert.equal(objects[1]?.kind, 'Application');
    assert.equal(objects[1]?.name, 'depot-web');
    assert.equal(objects[1]?.documentIndex, 2);
    assert.equal(objects[1]?.line, 12);
    assert.equal(objects[1]?.file, '/ws/platform.yaml');
  });

  it('ignores other API groups and nameless objects', () => {
    const text = [
      'apiVersion: example.test/v1',
      'kind: Application',
      'metadata:',
      '  name: lookalike',
      '---',
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: {}',
      '---',
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Workflow',
      'metadata:',
      '  name: nightly',
    ].join('\n');

    assert.deepEqual(findArgoObjects(parseYamlFile('/ws/other.yaml', text)), []);
  });

  it('reads sync policy and destination', () => {
    const spec = [
      source(configUrl, 'web'),
      '  destination:',
      '    name: edge-cluster',
      '    namespace: depot-web',
      '  syncPolicy:',
      '    automated:',
      '      prune: true',
      '    syncOptions:',
      '      - CreateNamespace=true',
      '      - PruneLast=true',
      '',
    ].join('\n');
    const [app] = findArgoObjects(parseYamlFile('/ws/app.yaml', application('depot-web', spec)));

    assert.equal(app?.destination?.name, 'edge-cluster');
    assert.equal(app?.destination?.server, undefined);
    assert.equal(app?.destination?.namespace, 'depot-web');
    assert.equal(app?.syncPolicy?.automated, true);
    assert.equal(app?.syncPolicy?.prune, true);
    assert.equal(app?.syncPolicy?.selfHeal, false);
    assert.deepEqual(app?.syncPolicy?.syncOptions, ['CreateNamespace=true', 'PruneLast=true']);
  });

  it('treats null or disabled automated as manual sync', () => {
    const nullAutomated = application(
      'a',
      `${source(configUrl, 'web')}  syncPolicy:\n    automated:\n`,
    );
    const disabled = application(
      'b',
      `${source(configUrl, 'web')}  syncPolicy:\n    automated:\n` +
        '      enabled: false\n      selfHeal: true\n',
    );
    const empty = application('c', `${source(configUrl, 'web')}  syncPolicy:\n    automated: {}\n`);

    assert.equal(
      findArgoObjects(parseYamlFile('/a.yaml', nullAutomated))[0]?.syncPolicy?.automated,
      false,
    );
    assert.equal(
      findArgoObjects(parseYamlFile('/b.yaml', disabled))[0]?.syncPolicy?.automated,
      false,
    );
    assert.equal(findArgoObjects(parseYamlFile('/c.yaml', empty))[0]?.syncPolicy?.automated, true);
  });

  it('reads an ApplicationSet template source', () => {
    const text = [
      'apiVersion: argoproj.io/v1alpha1',
      'kind: ApplicationSet',
      'metadata:',
      '  name: depot-regions',
      'spec:',
      '  generators: []',
      '  template:',
      '    metadata:',
      '      name: "depot-{{.region}}"',
      '    spec:',
      '      source:',
      `        repoURL: ${manifestsUrl}`,
      '        path: "regions/{{.region}}"',
      '      destination:',
      '        server: "{{.server}}"',
    ].join('\n');
    const [set] = findArgoObjects(parseYamlFile('/ws/set.yaml', text));

    assert.equal(set?.kind, 'ApplicationSet');
    assert.equal(set?.sources[0]?.path, 'regions/{{.region}}');
    assert.equal(set?.destination?.server, '{{.server}}');
  });
});

describe('resolveApplications', () => {
  let workspace = '';
  let configRepo = '';
  let manifestsRepo = '';
  let resolution: ArgoResolution;

  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'argo-resolve-'));
    configRepo = path.join(workspace, 'config');
    manifestsRepo = path.join(workspace, 'manifests');

    // The root lists itself, the flat folder and (with recurse) the nested folder.
    writeFile(
      path.join(configRepo, 'root', 'root.yaml'),
      application('depot-root', source(configUrl, 'root', '    directory:\n      recurse: true\n')),
    );
    writeFile(
      path.join(configRepo, 'root', 'flat.yaml'),
      application('depot-flat', source(configUrl, 'flat')),
    );
    writeFile(
      path.join(configRepo, 'root', 'nested', 'web.yaml'),
      application('depot-web', source(manifestsUrl, 'web')),
    );

    // A non-recursive directory source reads only the files directly in its folder.
    writeFile(
      path.join(configRepo, 'flat', 'direct.yaml'),
      application('depot-direct', source(manifestsUrl, 'missing')),
    );
    writeFile(
      path.join(configRepo, 'flat', 'deeper', 'hidden.yaml'),
      application('depot-hidden', source(configUrl, '../outside')),
    );

    // A kustomize source reads only the files its kustomization includes.
    writeFile(
      path.join(configRepo, 'bundle', 'kustomization.yaml'),
      'resources:\n  - listed.yaml\n  - nested\n',
    );
    writeFile(
      path.join(configRepo, 'bundle', 'listed.yaml'),
      application('depot-listed', source(manifestsUrl, 'web')),
    );
    writeFile(
      path.join(configRepo, 'bundle', 'unlisted.yaml'),
      application('depot-unlisted', source(manifestsUrl, 'web')),
    );
    writeFile(
      path.join(configRepo, 'bundle', 'nested', 'kustomization.yaml'),
      'resources:\n  - deep.yaml\n',
    );
    writeFile(
      path.join(configRepo, 'bundle', 'nested', 'deep.yaml'),
      application('depot-deep', source(manifestsUrl, 'web')),
    );
    writeFile(
      path.join(configRepo, 'kustomized-root.yaml'),
      application('depot-bundle', source(configUrl, 'bundle')),
    );

    const multiSource = [
      '  sources:',
      '    - repoURL: https://charts.example.test/stable',
      '      chart: queue',
      '      targetRevision: 2.1.0',
      `    - repoURL: ${manifestsUrl}`,
      '      ref: values',
      `    - repoURL: ${manifestsUrl}`,
      '      path: web',
      '    - repoURL: https://git.example.test/elsewhere/unknown.git',
      '      path: web',
      '',
    ].join('\n');
    writeFile(path.join(configRepo, 'multi.yaml'), application('depot-multi', multiSource));

    writeFile(path.join(manifestsRepo, 'web', 'kustomization.yaml'), 'resources: []\n');

    const files = [
      'root/root.yaml',
      'root/flat.yaml',
      'root/nested/web.yaml',
      'flat/direct.yaml',
      'flat/deeper/hidden.yaml',
      'bundle/listed.yaml',
      'bundle/unlisted.yaml',
      'bundle/nested/deep.yaml',
      'kustomized-root.yaml',
      'multi.yaml',
    ].map((relative) => {
      const file = path.join(configRepo, relative);
      return parseYamlFile(file, fs.readFileSync(file, 'utf8'));
    });
    const remotes = new Map([
      [configRepo, ['https://robin@git.example.test/depot/config']],
      [manifestsRepo, ['ssh://git@git.example.test/depot/manifests.git']],
    ]);
    resolution = resolveApplications(files, remotes);
  });

  after(() => {
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('resolves repoURL and path to a folder', () => {
    const web = byName(resolution, 'depot-web');

    assert.equal(web.localPath, path.join(manifestsRepo, 'web'));
    assert.equal(web.sources[0]?.resolution.kind, 'resolved');
    if (web.sources[0]?.resolution.kind === 'resolved') {
      assert.equal(web.sources[0].resolution.repositoryFolder, manifestsRepo);
      assert.equal(web.sources[0].resolution.sourceType, 'kustomize');
    }
  });

  it('gives a reason for each unresolved source', () => {
    const direct = byName(resolution, 'depot-direct').sources[0]?.resolution;
    const hidden = byName(resolution, 'depot-hidden').sources[0]?.resolution;

    assert.equal(direct?.kind === 'unresolved' ? direct.code : direct?.kind, 'path-not-found');
    assert.match(
      direct?.kind === 'unresolved' ? direct.reason : '',
      /path missing was not found in .*manifests/,
    );
    assert.equal(
      hidden?.kind === 'unresolved' ? hidden.code : hidden?.kind,
      'path-outside-repository',
    );
    assert.equal(byName(resolution, 'depot-direct').localPath, undefined);
  });

  it('resolves each entry of spec.sources', () => {
    const multi = byName(resolution, 'depot-multi');
    const codes = multi.sources.map((entry) =>
      entry.resolution.kind === 'unresolved' ? entry.resolution.code : 'resolved',
    );

    assert.deepEqual(codes, ['helm-repository', 'values-only', 'resolved', 'no-workspace-folder']);
    assert.deepEqual(
      multi.sources.map((entry) => entry.index),
      [0, 1, 2, 3],
    );
    assert.equal(multi.localPath, path.join(manifestsRepo, 'web'));
    const unknown = multi.sources[3]?.resolution;
    assert.match(unknown?.kind === 'unresolved' ? unknown.reason : '', /elsewhere\/unknown\.git/);
  });

  it('links a recursive root to its folder tree', () => {
    const root = byName(resolution, 'depot-root');

    assert.deepEqual([...root.children].sort(), ['depot-flat', 'depot-web']);
    assert.equal(root.parent, undefined);
    assert.equal(byName(resolution, 'depot-web').parent, 'depot-root');
  });

  it('excludes a root from its own children', () => {
    assert.ok(!byName(resolution, 'depot-root').children.includes('depot-root'));
  });

  it('links a directory source without subfolders', () => {
    assert.deepEqual(byName(resolution, 'depot-flat').children, ['depot-direct']);
    assert.equal(byName(resolution, 'depot-hidden').parent, undefined);
  });

  it('links a kustomize source to included files', () => {
    assert.deepEqual([...byName(resolution, 'depot-bundle').children].sort(), [
      'depot-deep',
      'depot-listed',
    ]);
    assert.equal(byName(resolution, 'depot-unlisted').parent, undefined);
  });

  it('summarises an Application for scan', () => {
    const summary = summariseApplication(byName(resolution, 'depot-flat'));

    assert.equal(summary.name, 'depot-flat');
    assert.equal(summary.namespace, 'argocd');
    assert.equal(summary.file, path.join(configRepo, 'root', 'flat.yaml'));
    assert.equal(summary.line, 1);
    assert.deepEqual(summary.source, { repoURL: configUrl, path: 'flat', targetRevision: 'main' });
    assert.deepEqual(summary.children, ['depot-direct']);
    assert.equal(summary.localPath, path.join(configRepo, 'flat'));
    assert.deepEqual(summary.unresolved, []);
  });
});
