import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as git from 'isomorphic-git';
import { runCli } from '../../src/cli/main';
import { readImageHistory } from '../../src/core/git/history';
import { openRepository } from '../../src/core/git/repository';
import { rollbackImage } from '../../src/core/promote/commit';

const repositoryRoot = resolve(__dirname, '../../..');
const sharedRoot = resolve(process.env['GITOPS_SHARED'] ?? join(repositoryRoot, '../shared'));
const bundle = join(sharedRoot, 'real-world', 'myapp-cd.bundle');
const bundleSkip = fs.existsSync(bundle)
  ? false
  : `myapp-cd bundle not found at ${bundle}; set GITOPS_SHARED`;
const author = { name: 'Test Author', email: 'author@example.com' };

let clock = 1_700_000_000;

/** Writes files and commits them with increasing timestamps; returns the commit id. */
async function commitFiles(
  dir: string,
  files: Record<string, string>,
  message: string,
  parent?: string[],
): Promise<string> {
  for (const [path, text] of Object.entries(files)) {
    fs.mkdirSync(join(dir, path, '..'), { recursive: true });
    fs.writeFileSync(join(dir, path), text);
    await git.add({ fs, dir, filepath: path });
  }
  clock += 60;
  const identity = { ...author, timestamp: clock, timezoneOffset: 0 };
  return git.commit({
    fs,
    dir,
    message,
    author: identity,
    committer: identity,
    ...(parent === undefined ? {} : { parent }),
  });
}

const devFile = 'env/dev/kustomization.yaml';
const kustomization = (tag: string, extra = ''): string =>
  `resources:\n- ../base\nimages:\n- name: app\n  newTag: ${tag}${extra}\n`;

describe('image history of a fixture repository', () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'history-'));
  const commits: Record<string, string> = {};

  before(async () => {
    await git.init({ fs, dir, defaultBranch: 'main' });
    await git.setConfig({ fs, dir, path: 'user.name', value: author.name });
    await git.setConfig({ fs, dir, path: 'user.email', value: author.email });
    commits['v1'] = await commitFiles(dir, { [devFile]: kustomization('v1') }, 'Add dev');
    commits['v2'] = await commitFiles(
      dir,
      { [devFile]: kustomization('v2') },
      'Set app v2\n\nBody text',
    );
    commits['comment'] = await commitFiles(
      dir,
      { [devFile]: '# dev\n' + kustomization('v2') },
      'Comment only',
    );
    commits['other'] = await commitFiles(dir, { 'README.md': 'readme\n' }, 'Unrelated');
    commits['v3'] = await commitFiles(
      dir,
      { [devFile]: '# dev\n' + kustomization('v3', '\n  digest: sha256:3') },
      'Set app v3',
    );

    const side = await commitFiles(
      dir,
      { [devFile]: '# dev\n' + kustomization('v4') },
      'Side branch v4',
      [commits['v3'] ?? ''],
    );
    commits['side'] = side;
    const sideTree = (await git.readCommit({ fs, dir, oid: side })).commit.tree;
    clock += 60;
    const identity = { ...author, timestamp: clock, timezoneOffset: 0 };
    commits['merge'] = await git.commit({
      fs,
      dir,
      message: 'Merge side',
      author: identity,
      committer: identity,
      tree: sideTree,
      parent: [commits['v3'] ?? '', side],
    });
    await git.checkout({ fs, dir, ref: 'main', force: true });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists tag changes newest first', async () => {
    const repository = await openRepository(dir);
    const changes = await readImageHistory(repository, join(dir, devFile));
    assert.deepEqual(
      changes.map((change) => `${change.message} ${change.oldTag ?? '-'} ${change.newTag ?? '-'}`),
      ['Side branch v4 v3 v4', 'Set app v3 v2 v3', 'Set app v2 v1 v2', 'Add dev - v1'],
    );
  });

  it('records commit details', async () => {
    const repository = await openRepository(dir);
    const [latest, digestChange] = await readImageHistory(repository, join(dir, devFile));
    assert.equal(latest?.commit, commits['side']);
    assert.equal(latest?.shortCommit, commits['side']?.slice(0, 7));
    assert.equal(latest?.author, 'Test Author');
    assert.match(latest?.date ?? '', /^2023-11-14T\d\d:\d\d:\d\d\.000Z$/);
    assert.deepEqual(digestChange?.newEntry, { name: 'app', newTag: 'v3', digest: 'sha256:3' });
  });

  it('honours the limit', async () => {
    const repository = await openRepository(dir);
    const changes = await readImageHistory(repository, join(dir, devFile), { limit: 2 });
    assert.equal(changes.length, 2);
  });

  it('rolls back with a new commit', async () => {
    const repository = await openRepository(dir);
    const changes = await readImageHistory(repository, join(dir, devFile));
    const v3Change = changes.find((change) => change.newTag === 'v3');
    assert.ok(v3Change !== undefined);

    const result = await rollbackImage(join(dir, devFile), v3Change);
    assert.equal(fs.readFileSync(join(dir, devFile), 'utf8'), '# dev\n' + kustomization('v2'));
    const head = await git.readCommit({ fs, dir, oid: result.commit });
    assert.match(
      head.commit.message,
      /^Roll back app in dev to v2\n\nRestores the image entry of app as it was before/,
    );
    assert.equal(head.commit.parent[0], commits['merge']);
    const newest = (await readImageHistory(repository, join(dir, devFile)))[0];
    assert.equal(newest?.newTag, 'v2');
    assert.equal(newest?.oldTag, 'v4');
  });

  it('prints history from the CLI', async () => {
    let output = '';
    const io = {
      cwd: dir,
      out: (text: string) => (output += text),
      err: (text: string) => (output += text),
    };
    const code = await runCli(['history', 'env/dev', '--json', '--limit', '1'], io);
    assert.equal(code, 0);
    const parsed = JSON.parse(output) as { image: string }[];
    assert.equal(parsed.length, 1);
    assert.equal(parsed[0]?.image, 'app');
  });
});

describe('history rollback from the CLI', () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'history-cli-'));

  before(async () => {
    await git.init({ fs, dir, defaultBranch: 'main' });
    await git.setConfig({ fs, dir, path: 'user.name', value: author.name });
    await git.setConfig({ fs, dir, path: 'user.email', value: author.email });
    await commitFiles(dir, { [devFile]: kustomization('v1') }, 'Add dev');
    await commitFiles(dir, { [devFile]: kustomization('v2') }, 'Set app v2');
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rolls back a change by commit', async () => {
    const repository = await openRepository(dir);
    const [latest] = await readImageHistory(repository, join(dir, devFile));
    let output = '';
    const io = {
      cwd: dir,
      out: (text: string) => (output += text),
      err: (text: string) => (output += text),
    };
    const code = await runCli(['history', 'env/dev', '--rollback', latest?.shortCommit ?? ''], io);
    assert.equal(code, 0);
    assert.match(output, /^committed [0-9a-f]{7} on main: app back to v1\n$/);
    assert.equal(fs.readFileSync(join(dir, devFile), 'utf8'), kustomization('v1'));
    assert.equal(await runCli(['history', 'env/dev', '--rollback', '0000000'], io), 2);
  });
});

describe('image history of the myapp CD repository', { skip: bundleSkip }, () => {
  const dir = fs.mkdtempSync(join(tmpdir(), 'history-myapp-'));
  const clone = join(dir, 'myapp-cd');

  before(() => {
    execFileSync('git', ['clone', '-q', '-b', 'main', bundle, clone]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the dev tag changes', async () => {
    const started = performance.now();
    const repository = await openRepository(clone);
    const changes = await readImageHistory(
      repository,
      join(clone, 'env/01-dev/kustomization.yaml'),
    );
    const elapsed = performance.now() - started;
    console.log(
      `history of env/01-dev: ${changes.length} changes in ${elapsed.toFixed(0)} ms (cold)`,
    );

    const fileCommits = execFileSync(
      'git',
      ['-C', clone, 'log', '--format=%H', '--', 'env/01-dev/kustomization.yaml'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    const changedCommits = new Set(changes.map((change) => change.commit));
    const latest = changes[0];
    assert.equal(latest?.shortCommit, 'af52540');
    assert.equal(latest?.oldTag, '07db-9r2fk');
    assert.equal(latest?.newTag, 'bf76-qqxrq');
    assert.ok(changedCommits.size > 300, `${changedCommits.size} commits changed images`);
    for (const commit of changedCommits) {
      assert.ok(fileCommits.includes(commit), `${commit} is not in git log of the file`);
    }
  });
});
