import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseArgs, UsageError } from '../../src/cli/io';
import { runCliCaptured } from '../support/cli';

const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
images:
  # the web front end
  - name: web
    newTag: "1.0"
`;

describe('parseArgs with known options', () => {
  const options = [
    { name: 'dry-run', help: 'print only' },
    { name: 'rendered', value: 'FILE', help: 'manifests' },
  ];

  it('accepts known options', () => {
    const parsed = parseArgs(['dir', '--dry-run', '--rendered', 'out.yaml'], options);
    assert.deepEqual(parsed.positionals, ['dir']);
    assert.equal(parsed.flags.get('dry-run'), true);
    assert.equal(parsed.flags.get('rendered'), 'out.yaml');
  });

  it('rejects a typo with a suggestion', () => {
    assert.throws(() => parseArgs(['--dryrun'], options), {
      name: 'Error',
      message: 'unknown option --dryrun; did you mean --dry-run?',
    });
  });

  it('rejects an unrelated name without one', () => {
    assert.throws(
      () => parseArgs(['--bogus'], options),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(error.message, 'unknown option --bogus');
        return true;
      },
    );
  });

  it('rejects a value on an on/off flag', () => {
    assert.throws(() => parseArgs(['--dry-run=yes'], options), /option --dry-run takes no value/);
  });

  it('keeps accepting any flag with a name list', () => {
    const parsed = parseArgs(['--anything', '--kubeconfig', 'k'], ['kubeconfig']);
    assert.equal(parsed.flags.get('anything'), true);
    assert.equal(parsed.flags.get('kubeconfig'), 'k');
  });
});

describe('CLI option checks', () => {
  let folder = '';

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-options-'));
    fs.writeFileSync(path.join(folder, 'kustomization.yaml'), kustomization);
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('set-image rejects --dryrun and keeps the file', async () => {
    const run = await runCliCaptured(['set-image', '.', 'web:2', '--dryrun'], folder);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option --dryrun; did you mean --dry-run\?/);
    assert.match(run.stderr, /Usage: gitops-workbench set-image/);
    assert.equal(fs.readFileSync(path.join(folder, 'kustomization.yaml'), 'utf8'), kustomization);
  });

  it('render rejects --bogus', async () => {
    const run = await runCliCaptured(['render', '.', '--bogus'], folder);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option --bogus/);
    assert.equal(run.stdout, '');
  });

  for (const command of ['diff', 'sync']) {
    it(`${command} rejects an unknown option`, async () => {
      const run = await runCliCaptured([command, '.', '--jsn'], folder);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /unknown option --jsn; did you mean --json\?/);
    });
  }

  for (const command of ['scan', 'render', 'set-image', 'promote', 'history', 'diff', 'sync']) {
    it(`${command} --help lists options`, async () => {
      const run = await runCliCaptured([command, '--help'], folder);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /\nOptions:\n {2}--/);
    });
  }

  it('set-image reports a missing image name', async () => {
    const run = await runCliCaptured(['set-image', '.', ':1'], folder);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /the image name before ":" is missing in ':1'/);
    assert.equal(fs.readFileSync(path.join(folder, 'kustomization.yaml'), 'utf8'), kustomization);
  });
});

describe('scan folder checks', () => {
  it('rejects a missing folder', async () => {
    const missing = path.join(os.tmpdir(), 'no-such-workspace-folder');
    const run = await runCliCaptured(['scan', missing], os.tmpdir());
    assert.equal(run.code, 2);
    assert.match(run.stderr, /folder not found: .*no-such-workspace-folder/);
    assert.equal(run.stdout, '');
  });
});

describe('scan text layout', () => {
  let folder = '';

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-scan-layout-'));
    const apps = path.join(folder, 'apps');
    fs.mkdirSync(apps);
    fs.writeFileSync(path.join(apps, 'set.yaml'), applicationSetYaml);
    fs.writeFileSync(path.join(apps, 'project.yaml'), projectYaml);
    fs.writeFileSync(path.join(apps, 'long.yaml'), longApplicationYaml);
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('aligns long Application names', async () => {
    const run = await runCliCaptured(['scan', '.'], folder);
    assert.equal(run.code, 0, run.stderr);
    const section = run.stdout.split('Argo CD Applications\n')[1]?.split('\n\n')[0] ?? '';
    const lines = section.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 2, run.stdout);
    const columns = lines.map((line) => /^ {2}\S+ +/.exec(line)?.[0].length);
    assert.equal(columns[0], columns[1], run.stdout);
  });

  it('lists ApplicationSets and AppProjects', async () => {
    const run = await runCliCaptured(['scan', '.'], folder);
    assert.match(run.stdout, /1 Argo CD ApplicationSets\n {2}guestbook-set +apps\/set\.yaml:1\n/);
    assert.match(run.stdout, /1 Argo CD AppProjects\n {2}team-a +apps\/project\.yaml:1\n/);
  });
});

const applicationSetYaml = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: guestbook-set
  namespace: argocd
spec:
  generators:
    - list:
        elements: [{ env: dev }]
  template:
    metadata:
      name: 'guestbook-{{env}}'
    spec:
      project: default
      source:
        repoURL: https://git.example.com/guestbook.git
        path: 'env/{{env}}'
      destination:
        server: https://kubernetes.default.svc
`;

const projectYaml = `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: team-a
  namespace: argocd
spec:
  sourceRepos: ['*']
`;

const longApplicationYaml = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: a-very-long-application-name-for-the-payments-service
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://git.example.com/payments.git
    path: env/dev
  destination:
    server: https://kubernetes.default.svc
---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: short
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://git.example.com/short.git
    path: env/dev
  destination:
    server: https://kubernetes.default.svc
`;
