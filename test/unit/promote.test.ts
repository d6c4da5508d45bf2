import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import * as git from 'isomorphic-git';
import { runCli } from '../../src/cli/main';
import { GitStateError } from '../../src/core/git/repository';
import {
  applyPromotion,
  promotionBranchName,
  promotionMessage,
} from '../../src/core/promote/commit';
import { imagesInManifests, planPromotion } from '../../src/core/promote/plan';
import { unifiedDiff } from '../../src/core/promote/unifiedDiff';

const repositoryRoot = resolve(__dirname, '../../..');
const sharedRoot = resolve(process.env['GITOPS_SHARED'] ?? join(repositoryRoot, '../shared'));
const bundle = join(sharedRoot, 'real-world', 'myapp-cd.bundle');
const bundleSkip = fs.existsSync(bundle)
  ? false
  : `myapp-cd bundle not found at ${bundle}; set GITOPS_SHARED`;
const author = { name: 'Test Author', email: 'author@example.com' };

const devText = [
  'resources:',
  '- ../base',
  'images:',
  '- name: registry.example.com/shop/api',
  '  newTag: "2.0"',
  '- name: cache',
  '  newName: registry.example.com/mirror/cache',
  '  newTag: 7.2.4',
  '  digest: sha256:aaa',
  '- name: registry.example.com/shop/worker',
  '  newTag: w-5',
  '',
].join('\n');

const prodText = [
  '# Production overlay: change images only through promotions.',
  'resources:',
  '- ../base',
  'images:',
  '- name: registry.example.com/shop/api',
  "  newTag: '1.9' # promoted",
  '- name: cache-prod',
  '  newName: registry.example.com/mirror/cache',
  '  newTag: 7.2.3',
  'namespace: shop-prod',
  '',
].join('\n');

/** A base the overlays build on, so promotions can render both sides. */
const baseFiles: Readonly<Record<string, string>> = {
  'kustomization.yaml': 'resources:\n- shop.yaml\n',
  'shop.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: shop',
    'spec:',
    '  selector:',
    '    matchLabels: {app: shop}',
    '  template:',
    '    metadata:',
    '      labels: {app: shop}',
    '    spec:',
    '      containers:',
    '      - {name: api, image: registry.example.com/shop/api:1.0}',
    '      - {name: cache, image: cache:7.0}',
    '      - {name: worker, image: registry.example.com/shop/worker:w-1}',
    '',
  ].join('\n'),
};

function writeOverlays(dir: string): { dev: string; prod: string } {
  const base = join(dir, 'env', 'base');
  fs.mkdirSync(base, { recursive: true });
  for (const [name, text] of Object.entries(baseFiles)) {
    fs.writeFileSync(join(base, name), text);
  }
  const dev = join(dir, 'env', 'dev');
  const prod = join(dir, 'env', 'prod');
  fs.mkdirSync(dev, { recursive: true });
  fs.mkdirSync(prod, { recursive: true });
  fs.writeFileSync(join(dev, 'kustomization.yaml'), devText);
  fs.writeFileSync(join(prod, 'kustomization.yaml'), prodText);
  return { dev, prod };
}

describe('unified diff', () => {
  it('returns nothing for equal texts', () => {
    assert.equal(unifiedDiff('a\n', 'a\n', 'a', 'b'), '');
  });

  it('shows one changed line with context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', ''].join('\n');
    const after = before.replace('5', 'five');
    assert.equal(
      unifiedDiff(before, after, 'a/f', 'b/f'),
      '--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
    );
  });

  it('splits distant changes into hunks', () => {
    const lines = Array.from({ length: 20 }, (_, index) => `line ${index + 1}`);
    const changed = [...lines];
    changed[1] = 'changed 2';
    changed[17] = 'changed 18';
    const diff = unifiedDiff(lines.join('\n') + '\n', changed.join('\n') + '\n', 'a', 'b');
    assert.equal(diff.match(/^@@/gm)?.length, 2);
    assert.match(diff, /@@ -1,5 \+1,5 @@/);
    assert.match(diff, /@@ -15,6 \+15,6 @@/);
  });

  it('marks a missing final newline', () => {
    assert.equal(
      unifiedDiff('a', 'b', 'x', 'y'),
      '--- x\n+++ y\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n',
    );
  });

  it('shows added lines at the end', () => {
    assert.equal(unifiedDiff('a\n', 'a\nb\n', 'x', 'y'), '--- x\n+++ y\n@@ -1 +1,2 @@\n a\n+b\n');
  });
});

describe('promotion plan', () => {
  let dir = '';
  let overlays = { dev: '', prod: '' };

  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'promote-plan-'));
    overlays = writeOverlays(dir);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('copies tags and digests into matching entries', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod);
    const expected = prodText
      .replace("newTag: '1.9' # promoted", "newTag: '2.0' # promoted")
      .replace('  newTag: 7.2.3\n', '  newTag: 7.2.4\n  digest: sha256:aaa\n');
    assert.equal(plan.newTargetText, expected);
    assert.equal(fs.readFileSync(join(overlays.prod, 'kustomization.yaml'), 'utf8'), prodText);
  });

  it('reports matches and versions', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod);
    assert.deepEqual(
      plan.images.map((image) => image.match),
      ['name', 'new-name'],
    );
    assert.deepEqual(plan.images[0]?.current, {
      name: 'registry.example.com/shop/api',
      tag: '1.9',
      digest: undefined,
    });
    assert.deepEqual(plan.images[0]?.next, {
      name: 'registry.example.com/shop/api',
      tag: '2.0',
      digest: undefined,
    });
    assert.deepEqual(plan.images[1]?.next, {
      name: 'registry.example.com/mirror/cache',
      tag: '7.2.4',
      digest: 'sha256:aaa',
    });
    assert.deepEqual(
      plan.unmatched.map((entry) => entry.name),
      ['registry.example.com/shop/worker'],
    );
    assert.equal(plan.sourceEnvironment, 'dev');
    assert.equal(plan.targetEnvironment, 'prod');
  });

  it('produces a unified diff', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod);
    assert.equal(
      plan.diff,
      [
        '--- a/env/prod/kustomization.yaml',
        '+++ b/env/prod/kustomization.yaml',
        '@@ -3,8 +3,9 @@',
        ' - ../base',
        ' images:',
        ' - name: registry.example.com/shop/api',
        "-  newTag: '1.9' # promoted",
        "+  newTag: '2.0' # promoted",
        ' - name: cache-prod',
        '   newName: registry.example.com/mirror/cache',
        '-  newTag: 7.2.3',
        '+  newTag: 7.2.4',
        '+  digest: sha256:aaa',
        ' namespace: shop-prod',
        '',
      ].join('\n'),
    );
  });

  it('adds missing entries when asked', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod, { addMissing: true });
    assert.deepEqual(plan.unmatched, []);
    assert.equal(plan.images.at(-1)?.match, 'added');
    assert.match(
      plan.newTargetText,
      /- name: registry.example.com\/shop\/worker\n {2}newTag: w-5\nnamespace: shop-prod\n$/,
    );
  });

  it('filters images by name', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod, { images: ['cache'] });
    assert.deepEqual(
      plan.images.map((image) => image.source.name),
      ['cache'],
    );
    assert.ok(plan.newTargetText.includes("newTag: '1.9'"));
  });

  it('warns using the rendered target', async () => {
    const manifests =
      'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: registry.example.com/shop/api:1.9\n';
    const plan = await planPromotion(overlays.dev, overlays.prod, {
      render: async () => manifests,
    });
    assert.deepEqual(
      plan.warnings.map((warning) => `${warning.name} ${warning.code}`),
      ['cache-prod no-matching-image'],
    );
  });

  it('pairs the only entries of each overlay', async () => {
    fs.writeFileSync(
      join(overlays.dev, 'kustomization.yaml'),
      'images:\n- name: ci/app\n  newTag: abc\n',
    );
    fs.writeFileSync(
      join(overlays.prod, 'kustomization.yaml'),
      'images:\n- name: quay.example.com/app\n  newTag: old\n',
    );
    const plan = await planPromotion(overlays.dev, overlays.prod);
    assert.equal(plan.images[0]?.match, 'only-entry');
    assert.equal(plan.newTargetText, 'images:\n- name: quay.example.com/app\n  newTag: abc\n');
  });

  it('collects container images from manifests', () => {
    const manifests = [
      'kind: CronJob',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          initContainers:',
      '          - image: a:1',
      '          containers:',
      '          - image: b:2',
      '---',
      'kind: Custom',
      'spec:',
      '  image: not-a-container:1',
      '',
    ].join('\n');
    assert.deepEqual(imagesInManifests(manifests), ['a:1', 'b:2']);
  });
});

describe('promotion commit', () => {
  let dir = '';
  let overlays = { dev: '', prod: '' };

  beforeEach(async () => {
    dir = fs.mkdtempSync(join(tmpdir(), 'promote-commit-'));
    overlays = writeOverlays(dir);
    fs.writeFileSync(join(dir, 'notes.txt'), 'notes\n');
    await git.init({ fs, dir, defaultBranch: 'main' });
    await git.setConfig({ fs, dir, path: 'user.name', value: author.name });
    await git.setConfig({ fs, dir, path: 'user.email', value: author.email });
    for (const filepath of [
      'env/dev/kustomization.yaml',
      'env/prod/kustomization.yaml',
      'notes.txt',
    ]) {
      await git.add({ fs, dir, filepath });
    }
    await git.commit({ fs, dir, message: 'Initial', author });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('commits only the target kustomization', async () => {
    fs.writeFileSync(join(dir, 'notes.txt'), 'staged change\n');
    await git.add({ fs, dir, filepath: 'notes.txt' });
    const plan = await planPromotion(overlays.dev, overlays.prod);
    const result = await applyPromotion(plan, { commit: true });
    assert.ok(result !== undefined);
    assert.equal(result.branch, 'main');
    assert.deepEqual(result.files, ['env/prod/kustomization.yaml']);

    const committed = await git.readBlob({
      fs,
      dir,
      oid: result.commit,
      filepath: 'env/prod/kustomization.yaml',
    });
    assert.equal(Buffer.from(committed.blob).toString('utf8'), plan.newTargetText);
    const notes = await git.readBlob({ fs, dir, oid: result.commit, filepath: 'notes.txt' });
    assert.equal(Buffer.from(notes.blob).toString('utf8'), 'notes\n');
    const status = await git.statusMatrix({ fs, dir });
    const row = (path: string) => status.find((entry) => entry[0] === path)?.slice(1);
    assert.deepEqual(row('env/prod/kustomization.yaml'), [1, 1, 1]);
    assert.deepEqual(row('notes.txt'), [1, 2, 2]);
  });

  it('writes the message template', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod);
    const result = await applyPromotion(plan, { commit: true });
    const { commit } = await git.readCommit({ fs, dir, oid: result?.commit ?? '' });
    const head = (await git.log({ fs, dir, depth: 2 }))[1]?.oid.slice(0, 7);
    assert.equal(
      commit.message,
      [
        'Promote 2 images from dev to prod',
        '',
        'Images set in prod to the versions in dev:',
        '- registry.example.com/shop/api: 1.9 -> 2.0',
        '- cache-prod: 7.2.3 -> 7.2.4@sha256:aaa',
        '',
        `Source commit: ${head}`,
        '',
      ].join('\n'),
    );
    assert.equal(
      promotionMessage(plan, 'abc1234').split('\n')[0],
      'Promote 2 images from dev to prod',
    );
  });

  it('takes a custom message', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod);
    const head = (await git.log({ fs, dir, depth: 1 }))[0]?.oid.slice(0, 7);
    let received = '';

    const message = (sourceCommit: string) => {
      received = sourceCommit;
      return `Promote dev to prod after ${sourceCommit}\n`;
    };
    const result = await applyPromotion(plan, { commit: true, message });

    const { commit } = await git.readCommit({ fs, dir, oid: result?.commit ?? '' });
    assert.equal(received, head);
    assert.equal(commit.message, `Promote dev to prod after ${head}\n`);
  });

  it('takes a fixed message', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod);
    const result = await applyPromotion(plan, { commit: true, message: 'Fixed message\n' });

    const { commit } = await git.readCommit({ fs, dir, oid: result?.commit ?? '' });
    assert.equal(commit.message, 'Fixed message\n');
  });

  it('commits on a new promote branch', async () => {
    const plan = await planPromotion(overlays.dev, overlays.prod, {
      images: ['registry.example.com/shop/api'],
    });
    const branch = promotionBranchName(plan);
    assert.equal(branch, 'promote/prod-2.0');
    const result = await applyPromotion(plan, { commit: true, branch });
    assert.equal(result?.branch, 'promote/prod-2.0');
    assert.equal(await git.currentBranch({ fs, dir }), 'promote/prod-2.0');
    assert.equal(await git.resolveRef({ fs, dir, ref: 'promote/prod-2.0' }), result?.commit);
    const main = await git.resolveRef({ fs, dir, ref: 'main' });
    assert.notEqual(main, result?.commit);
  });

  for (const marker of ['MERGE_HEAD', 'rebase-merge', 'rebase-apply']) {
    it(`rejects a commit during ${marker}`, async () => {
      const path = join(dir, '.git', marker);
      if (marker === 'MERGE_HEAD') {
        fs.writeFileSync(path, '0'.repeat(40) + '\n');
      } else {
        fs.mkdirSync(path);
      }
      const plan = await planPromotion(overlays.dev, overlays.prod);
      await assert.rejects(applyPromotion(plan, { commit: true }), GitStateError);
      await assert.rejects(
        applyPromotion(plan, { commit: true }),
        /in progress; finish it or abort it/,
      );
      assert.equal(fs.readFileSync(join(overlays.prod, 'kustomization.yaml'), 'utf8'), prodText);
    });
  }

  for (const commit of [false, true]) {
    it(`keeps a target edited after planning (commit: ${commit})`, async () => {
      const plan = await planPromotion(overlays.dev, overlays.prod);
      const target = join(overlays.prod, 'kustomization.yaml');
      const edited = prodText.replace('namespace: shop-prod', 'namespace: shop-live');
      fs.writeFileSync(target, edited);
      if (commit) {
        await git.add({ fs, dir, filepath: 'env/prod/kustomization.yaml' });
        await git.commit({ fs, dir, message: 'Rename the namespace', author });
      }

      await assert.rejects(applyPromotion(plan, { commit }), /changed on disk since the promotion/);
      assert.equal(fs.readFileSync(target, 'utf8'), edited);
    });
  }

  it('promotes through the CLI', async () => {
    let output = '';
    let errors = '';
    const io = {
      cwd: dir,
      out: (text: string) => (output += text),
      err: (text: string) => (errors += text),
    };
    assert.equal(await runCli(['promote', '--from', 'dev', '--to', 'prod', '--dry-run'], io), 0);
    assert.match(output, /^promote dev -> prod\n/);
    assert.match(output, /\+ {2}newTag: 7\.2\.4\n/);
    assert.match(errors, /"registry.example.com\/shop\/worker" of dev has no entry in prod/);

    output = '';
    assert.equal(
      await runCli(['promote', '--from', 'env/dev', '--to', 'env/prod', '--commit'], io),
      0,
    );
    assert.match(output, /committed [0-9a-f]{7} on main: env\/prod\/kustomization.yaml\n$/);
  });

  it('sets images through the CLI', async () => {
    let output = '';
    let errors = '';
    const io = {
      cwd: dir,
      out: (text: string) => (output += text),
      err: (text: string) => (errors += text),
    };
    assert.equal(await runCli(['set-image', 'env/dev', 'cache=*:7.3', 'extra:latest'], io), 0);
    assert.equal(
      output,
      'env/dev/kustomization.yaml: updated cache\nenv/dev/kustomization.yaml: added extra\n',
    );
    assert.match(errors, /tag "latest"/);
    const text = fs.readFileSync(join(overlays.dev, 'kustomization.yaml'), 'utf8');
    assert.ok(
      text.includes(
        '- name: cache\n  newName: registry.example.com/mirror/cache\n  newTag: "7.3"\n- name: registry',
      ),
    );
    assert.equal(await runCli(['set-image', 'env/dev', 'nothing'], io), 2);
  });
});

describe('promotion in the myapp CD repository', { skip: bundleSkip }, () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'promote-myapp-'));
  const clone = join(dir, 'myapp-cd');

  before(() => {
    execFileSync('git', ['clone', '-q', '-b', 'main', bundle, clone]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('plans qa to production', async () => {
    const plan = await planPromotion(join(clone, 'env/02-qa'), join(clone, 'env/03-production'));
    assert.equal(plan.images.length, 1);
    assert.equal(plan.images[0]?.match, 'only-entry');
    assert.equal(plan.images[0]?.current?.tag, '6322-rbbs9');
    assert.equal(plan.images[0]?.next.tag, 'bf76-qqxrq');
    assert.equal(
      plan.diff
        .split('\n')
        .filter((line) => /^[-+][^-+]/.test(line))
        .join('\n'),
      '-  newTag: 6322-rbbs9\n+  newTag: bf76-qqxrq',
    );
  });

  it('plans dev to qa as unchanged', async () => {
    const plan = await planPromotion(join(clone, 'env/01-dev'), join(clone, 'env/02-qa'));
    assert.equal(plan.images[0]?.match, 'name');
    assert.equal(plan.images[0]?.changed, false);
    assert.equal(plan.diff, '');
  });
});
