import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareManifests } from '../../src/core/dashboard/compare';
import { displayValue, entryValue } from '../../src/core/dashboard/environmentImages';
import { readDashboardHistory } from '../../src/core/dashboard/history';
import { buildSnapshot } from '../../src/core/dashboard/snapshot';
import { changesInFile } from '../../src/core/dashboard/tagHistory';
import type { ImageTagChange } from '../../src/core/git/history';
import { imagesOfText } from '../../src/core/git/history';
import { WorkspaceModel } from '../../src/core/workspace/model';
import type { DashboardSnapshot } from '../../src/shared/dashboardProtocol';
import { fixturePath, missingSharedReason, repoRoot, sharedPath } from '../support/paths';

const trackerImage = 'registry.example.test/parcel/tracker-api';

function loadModel(...folders: string[]): WorkspaceModel {
  const model = new WorkspaceModel(folders);
  model.load();
  return model;
}

/** Builds the change of image `app` to `tag` in commit `oid`. */
function tagChange(oid: string, date: string, tag: string, oldTag?: string): ImageTagChange {
  return {
    commit: oid,
    shortCommit: oid.slice(0, 7),
    date,
    author: 'A. Author',
    message: `commit ${oid}`,
    image: 'app',
    oldTag,
    newTag: tag,
    oldEntry: oldTag === undefined ? undefined : { name: 'app', newTag: oldTag },
    newEntry: { name: 'app', newTag: tag },
  };
}

function cellsOf(snapshot: DashboardSnapshot, image: string) {
  const row = snapshot.images.find((candidate) => candidate.image === image);
  assert.ok(row, `no row for ${image}`);
  return row.cells;
}

describe('dashboard matrix on the example workspace', () => {
  let examples: string;
  let model: WorkspaceModel;

  before(() => {
    examples = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-examples-'));
    execFileSync('bash', [path.join(repoRoot, 'scripts', 'make-examples.sh'), examples], {
      stdio: 'ignore',
    });
    model = loadModel(path.join(examples, 'tracker-cd'));
  });

  after(() => fs.rmSync(examples, { recursive: true, force: true }));

  it('orders columns by promotion', () => {
    const snapshot = buildSnapshot({ model });

    assert.deepEqual(
      snapshot.environments.map((column) => column.name),
      ['01-dev', '02-qa', '03-production'],
    );
    assert.deepEqual(
      snapshot.environments.map((column) => column.promotesTo),
      ['02-qa', '03-production', undefined],
    );
  });

  it('shows each environment tag', () => {
    const cells = cellsOf(buildSnapshot({ model }), trackerImage);

    assert.deepEqual(
      cells.map((cell) => cell.display),
      ['9f3e2d1-p4m8q', 'a1b2c3d-x7k2p', '5c6d7e8-h2j9w'],
    );
    assert.equal(
      cells[0]?.definedAt?.file,
      path.join(examples, 'tracker-cd', 'env', '01-dev', 'kustomization.yaml'),
    );
  });

  it('marks differences without history', () => {
    const snapshot = buildSnapshot({ model });
    const cells = cellsOf(snapshot, trackerImage);

    assert.deepEqual(
      cells.map((cell) => cell.lag),
      ['first', 'differs', 'differs'],
    );
    assert.deepEqual(
      snapshot.environments.map((column) => column.pendingPromotions),
      [1, 1, 0],
    );
    assert.equal(cells[0]?.commit, undefined);
  });

  it('marks lagging environments from git history', async () => {
    const history = await readDashboardHistory(model, model.environments());
    const cells = cellsOf(buildSnapshot({ model, history }), trackerImage);

    assert.equal(history.note, undefined);
    assert.deepEqual(
      cells.map((cell) => cell.lag),
      ['first', 'behind', 'behind'],
    );
    assert.equal(cells[0]?.commit?.subject, 'Update dev image to 9f3e2d1-p4m8q');
    assert.equal(cells[1]?.commit?.subject, 'Promote a1b2c3d-x7k2p to qa');
    assert.equal(cells[2]?.commit?.subject, 'Add base and overlays for dev, qa and production');
  });

  it('lists tag changes newest first', async () => {
    const history = await readDashboardHistory(model, model.environments());
    const dev = history.changes.filter((change) => change.environment === '01-dev');

    assert.deepEqual(
      dev.map((change) => change.value),
      ['9f3e2d1-p4m8q', 'a1b2c3d-x7k2p', '0e4f6a2-b3n5t', '5c6d7e8-h2j9w'],
    );
    assert.deepEqual(
      dev.map((change) => change.current),
      [true, false, false, false],
    );
    assert.equal(dev[0]?.previous, 'a1b2c3d-x7k2p');
  });

  it('reads the last change of each environment', async () => {
    const history = await readDashboardHistory(model, model.environments());
    const subjects = model
      .environments()
      .map((environment) => history.lastChanges.get(environment.dir)?.subject);

    assert.deepEqual(subjects, [
      'Update dev image to 9f3e2d1-p4m8q',
      'Promote a1b2c3d-x7k2p to qa',
      'Add base and overlays for dev, qa and production',
    ]);
  });

  it('updates the matrix after a promotion', () => {
    const qaFile = path.join(examples, 'tracker-cd', 'env', '02-qa', 'kustomization.yaml');
    const text = fs.readFileSync(qaFile, 'utf8');
    model.source.setOverride(
      qaFile,
      text.replace('newTag: a1b2c3d-x7k2p', 'newTag: 9f3e2d1-p4m8q'),
    );
    model.update([qaFile]);

    const cells = cellsOf(buildSnapshot({ model }), trackerImage);
    model.source.clearOverride(qaFile);
    model.update([qaFile]);

    assert.deepEqual(
      cells.map((cell) => cell.lag),
      ['first', 'same', 'differs'],
    );
  });
});

describe('dashboard matrix with inherited entries', () => {
  const model = loadModel(fixturePath('dashboard', 'inherited'));

  it('takes entries from the base', () => {
    const snapshot = buildSnapshot({ model });
    const worker = cellsOf(snapshot, 'example.test/shop/worker');
    const sidecar = cellsOf(snapshot, 'example.test/shop/sidecar');

    assert.deepEqual(
      worker.map((cell) => cell.display),
      ['2.1', '2.0'],
    );
    assert.deepEqual(
      sidecar.map((cell) => cell.display),
      ['sha256:4f2a9c0d7e8b', 'sha256:4f2a9c0d7e8b'],
    );
    assert.deepEqual(
      sidecar.map((cell) => cell.lag),
      ['first', 'same'],
    );
    assert.equal(path.basename(path.dirname(sidecar[1]?.definedAt?.file ?? '')), 'base');
  });

  it('disables actions without commands', () => {
    const snapshot = buildSnapshot({ model, availableCommands: new Set(['gitops.openPreview']) });

    assert.equal(snapshot.actions.openPreview.enabled, true);
    assert.equal(snapshot.actions.promote.enabled, false);
    assert.match(snapshot.actions.promote.tooltip, /gitops\.promote/);
  });

  it('passes providers through', () => {
    const snapshot = buildSnapshot({
      model,
      applicationsOf: (dir) =>
        dir.endsWith('stage-1')
          ? [{ name: 'shop-stage-1', location: { file: '/apps.yaml', line: 3 } }]
          : [],
      statusOf: () => ({ sync: 'Synced', health: 'Healthy' }),
      diagnosticsOf: (environment) => (environment.name === 'stage-2' ? 2 : 0),
    });

    assert.deepEqual(
      snapshot.environments[0]?.applications.map((application) => application.sync),
      ['Synced'],
    );
    assert.deepEqual(snapshot.environments[1]?.applications, []);
    assert.deepEqual(
      snapshot.environments.map((column) => column.diagnostics),
      [0, 2],
    );
  });
});

describe('dashboard empty workspace', () => {
  it('explains the empty matrix', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-empty-'));
    const snapshot = buildSnapshot({ model: loadModel(empty) });
    fs.rmSync(empty, { recursive: true });

    assert.equal(snapshot.images.length, 0);
    assert.match(snapshot.emptyMessage ?? '', /No environments found/);
  });
});

describe('dashboard image values', () => {
  it('formats tags and digests', () => {
    const digest = 'sha256:0123456789abcdef0123';

    assert.equal(displayValue({ newName: undefined, newTag: '1.2', digest: undefined }), '1.2');
    assert.equal(
      displayValue({ newName: undefined, newTag: undefined, digest }),
      'sha256:0123456789ab',
    );
    assert.equal(
      displayValue({ newName: undefined, newTag: '1.2', digest }),
      '1.2@sha256:0123456789ab',
    );
    assert.equal(
      displayValue({ newName: 'mirror/app', newTag: undefined, digest: undefined }),
      'mirror/app',
    );
    assert.equal(entryValue({ newName: undefined, newTag: '1.2', digest: undefined }), '1.2');
    assert.equal(
      entryValue({ newName: 'mirror/app', newTag: '1.2', digest }),
      `mirror/app:1.2@${digest}`,
    );
  });
});

describe('dashboard tag history', () => {
  it('lists value changes per commit', () => {
    const fileChanges = [
      tagChange('c3', '2025-01-03T00:00:00.000Z', '3', '2'),
      tagChange('c1', '2025-01-01T00:00:00.000Z', '2'),
    ];

    const changes = changesInFile('dev', fileChanges, undefined);

    assert.deepEqual(
      changes.map((change) => change.commit.oid),
      ['c3', 'c1'],
    );
    assert.deepEqual(
      changes.map((change) => change.previous),
      ['2', undefined],
    );
    assert.equal(changes[0]?.commit.subject, 'commit c3');
    assert.equal(changes[0]?.commit.time, '2025-01-03T00:00:00.000Z');
  });

  it('filters names taken from a base', () => {
    const fileChanges = [tagChange('c1', '2025-01-01T00:00:00.000Z', '1')];

    assert.equal(changesInFile('dev', fileChanges, new Set(['other'])).length, 0);
  });

  it('leaves out removed entries', () => {
    const removal: ImageTagChange = {
      ...tagChange('c2', '2025-01-02T00:00:00.000Z', '1', '1'),
      newTag: undefined,
      newEntry: undefined,
    };

    assert.equal(changesInFile('dev', [removal], undefined).length, 0);
  });

  it('reads image blocks like whole files', () => {
    const texts = [
      'resources: [a.yaml]\nimages:\n- name: app # api\n  newTag: "1.10"\n\n# end\nnamePrefix: x-\n',
      'images:\n  - name: app\n    newTag: 1.10\n  - {name: web, digest: sha256:abc}\n',
      'base: &tag 2\nimages:\n- name: app\n  newTag: *tag\n',
      'images: []\n',
    ];
    const expected = [
      [{ name: 'app', newTag: '1.10' }],
      [
        { name: 'app', newTag: '1.1' },
        { name: 'web', digest: 'sha256:abc' },
      ],
      [{ name: 'app', newTag: '2' }],
      [],
    ];

    texts.forEach((text, index) => {
      assert.deepEqual(imagesOfText(text), expected[index], text);
    });
  });

  it('notes a repository without commits', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-empty-git-'));
    fs.cpSync(fixturePath('dashboard', 'inherited'), empty, { recursive: true });
    execFileSync('git', ['init', '-q', empty]);
    const model = loadModel(empty);

    const history = await readDashboardHistory(model, model.environments());
    fs.rmSync(empty, { recursive: true });

    assert.equal(history.changes.length, 0);
    assert.match(history.note ?? '', /could not be read/);
  });

  it('reports folders outside git', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-nogit-'));
    fs.cpSync(fixturePath('dashboard', 'inherited'), outside, { recursive: true });
    const model = loadModel(outside);

    const history = await readDashboardHistory(model, model.environments());
    fs.rmSync(outside, { recursive: true });

    assert.equal(history.changes.length, 0);
    assert.match(history.note ?? '', /not in a Git repository|no history/);
  });
});

describe('dashboard environment comparison', () => {
  const left = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-5f7h2k9m4t, namespace: dev}\ndata: {LOG_LEVEL: debug}',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: dev}\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n        - name: api\n          image: app:2\n          envFrom: [{configMapRef: {name: settings-5f7h2k9m4t}}]',
    'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: dev}\nspec: {type: ClusterIP}',
    'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: dev}',
  ].join('\n---\n');
  const right = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings-8c2d6b4g9k, namespace: prod}\ndata: {LOG_LEVEL: info}',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: prod}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: api\n          image: app:1\n          envFrom: [{configMapRef: {name: settings-8c2d6b4g9k}}]',
    'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: api, namespace: prod}',
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: api, namespace: prod}',
  ].join('\n---\n');

  it('groups differences by object', () => {
    const comparison = compareManifests('dev', left, 'prod', right);
    const keys = comparison.objects.map((object) => `${object.key} ${object.status}`);

    assert.deepEqual(keys, [
      'ConfigMap/settings changed',
      'Deployment/api changed',
      'PodDisruptionBudget/api only-right',
      'Service/api only-left',
    ]);
    assert.equal(comparison.unchanged, 1);
  });

  it('classifies images, replicas and config', () => {
    const comparison = compareManifests('dev', left, 'prod', right);
    const deployment = comparison.objects.find((object) => object.key === 'Deployment/api');
    const configMap = comparison.objects.find((object) => object.key === 'ConfigMap/settings');

    assert.deepEqual(
      deployment?.differences.map((difference) => [
        difference.group,
        difference.path,
        difference.left,
        difference.right,
      ]),
      [
        ['images', 'spec.template.spec.containers[api].image', 'app:2', 'app:1'],
        ['replicas', 'spec.replicas', '1', '3'],
      ],
    );
    assert.deepEqual(
      configMap?.differences.map((difference) => difference.group),
      ['config'],
    );
  });
});

describe('dashboard on the myapp repositories', () => {
  const bundle = sharedPath('real-world', 'myapp-cd.bundle');
  let clone = '';

  before(() => {
    if (bundle !== undefined) {
      clone = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-myapp-'));
      execFileSync('git', ['clone', '-q', '-b', 'main', bundle, path.join(clone, 'myapp-cd')]);
    }
  });

  after(() => {
    if (clone !== '') {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });

  it(
    'builds the matrix and history',
    { skip: bundle === undefined && missingSharedReason('myapp-cd.bundle') },
    async () => {
      const model = loadModel(path.join(clone, 'myapp-cd'));
      const history = await readDashboardHistory(model, model.environments());
      const snapshot = buildSnapshot({ model, history });
      const openShiftImage = snapshot.images.find((row) =>
        row.image.endsWith('/myapp-ci/myapp-runtime'),
      );
      const quayImage = snapshot.images.find((row) => row.image === 'quay.io/example/myapp');

      assert.deepEqual(
        snapshot.environments.map((column) => column.name),
        ['01-dev', '02-qa', '03-production'],
      );
      assert.deepEqual(
        openShiftImage?.cells.map((cell) => cell.display),
        ['bf76-qqxrq', 'bf76-qqxrq', ''],
      );
      assert.deepEqual(
        openShiftImage?.cells.map((cell) => cell.lag),
        ['first', 'same', 'not-set'],
      );
      assert.deepEqual(
        quayImage?.cells.map((cell) => cell.lag),
        ['not-set', 'not-set', 'not-in-previous'],
      );
      assert.ok(history.changes.length > 50, `only ${history.changes.length} tag changes read`);
      assert.ok(openShiftImage?.cells[0]?.commit !== undefined, 'no commit for the dev tag');
    },
  );
});
