import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import * as git from 'isomorphic-git';
import { GitStateError } from '../../src/core/git/repository';
import { applyPromotion } from '../../src/core/promote/commit';
import { planPromotion } from '../../src/core/promote/plan';
import { runCliCaptured } from '../support/cli';
import { testAuthor, webDeployment } from '../support/gitFixtures';

function overlay(tag: string, comment: string): string {
  return `# ${comment}\nresources:\n- deployment.yaml\nimages:\n- name: web\n  newTag: "${tag}"\n`;
}

const devFile = 'env/01-dev/kustomization.yaml';
const qaFile = 'env/02-qa/kustomization.yaml';

async function commitAll(
  dir: string,
  files: Record<string, string>,
  message: string,
): Promise<string> {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(join(dir, file, '..'), { recursive: true });
    fs.writeFileSync(join(dir, file), text);
    await git.add({ fs, dir, filepath: file });
  }
  return git.commit({ fs, dir, message, author: testAuthor });
}

describe('commits with uncommitted target edits', () => {
  let dir = '';
  let head = '';
  const editedQa = overlay('1.0', 'QA overlay, edited and not committed');

  beforeEach(async () => {
    dir = fs.mkdtempSync(join(tmpdir(), 'git-uncommitted-'));
    await git.init({ fs, dir, defaultBranch: 'main' });
    await git.setConfig({ fs, dir, path: 'user.name', value: testAuthor.name });
    await git.setConfig({ fs, dir, path: 'user.email', value: testAuthor.email });
    const files = {
      'env/01-dev/deployment.yaml': webDeployment,
      'env/02-qa/deployment.yaml': webDeployment,
      [devFile]: overlay('2.0', 'dev overlay'),
      [qaFile]: overlay('0.9', 'QA overlay'),
    };
    await commitAll(dir, files, 'Add overlays');
    head = await commitAll(dir, { [qaFile]: overlay('1.0', 'QA overlay') }, 'Set web 1.0 in QA');
    fs.writeFileSync(join(dir, qaFile), editedQa);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('applyPromotion rejects and keeps the file', async () => {
    const plan = await planPromotion(join(dir, 'env/01-dev'), join(dir, 'env/02-qa'));
    const promotion = applyPromotion(plan, { commit: true });
    await assert.rejects(promotion, GitStateError);
    await assert.rejects(applyPromotion(plan, { commit: true }), /has uncommitted changes/);
    assert.equal(fs.readFileSync(join(dir, qaFile), 'utf8'), editedQa);
    assert.equal(await git.resolveRef({ fs, dir, ref: 'HEAD' }), head);
  });

  it('promote --commit rejects and names the file', async () => {
    const run = await runCliCaptured(
      ['promote', '--from', '01-dev', '--to', '02-qa', '--commit'],
      dir,
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /02-qa\/kustomization\.yaml has uncommitted changes/);
    assert.match(run.stderr, /Commit or stash the changes first/);
    assert.equal(fs.readFileSync(join(dir, qaFile), 'utf8'), editedQa);
    assert.equal(await git.resolveRef({ fs, dir, ref: 'HEAD' }), head);
  });

  it('promote without --commit keeps the edit', async () => {
    const run = await runCliCaptured(['promote', '--from', '01-dev', '--to', '02-qa'], dir);
    assert.equal(run.code, 0, run.stderr);
    const text = fs.readFileSync(join(dir, qaFile), 'utf8');
    assert.match(text, /^# QA overlay, edited and not committed\n/);
    assert.match(text, /newTag: "2\.0"/);
  });

  it('history --rollback rejects and keeps the file', async () => {
    const run = await runCliCaptured(
      ['history', '02-qa', '--workspace', '.', '--rollback', head.slice(0, 7)],
      dir,
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /02-qa\/kustomization\.yaml has uncommitted changes/);
    assert.equal(fs.readFileSync(join(dir, qaFile), 'utf8'), editedQa);
    assert.equal(await git.resolveRef({ fs, dir, ref: 'HEAD' }), head);
  });

  it('promote --commit works once committed', async () => {
    await commitAll(dir, { [qaFile]: editedQa }, 'Reword the QA comment');
    const run = await runCliCaptured(
      ['promote', '--from', '01-dev', '--to', '02-qa', '--commit'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /committed [0-9a-f]{7} on main: env\/02-qa\/kustomization\.yaml\n$/);
  });
});
