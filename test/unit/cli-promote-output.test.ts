import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import * as git from 'isomorphic-git';
import { findOnPath } from '../../src/core/render/engine';
import { runCliCaptured } from '../support/cli';
import { testAuthor, webDeployment } from '../support/gitFixtures';

function overlay(tag: string): string {
  return `resources:\n- deployment.yaml\nimages:\n- name: web\n  newTag: "${tag}"\n`;
}

const devFile = 'env/01-dev/kustomization.yaml';
const qaFile = 'env/02-qa/kustomization.yaml';

async function commitAll(
  dir: string,
  files: Record<string, string>,
  message: string,
): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(join(dir, file, '..'), { recursive: true });
    fs.writeFileSync(join(dir, file), text);
    await git.add({ fs, dir, filepath: file });
  }
  await git.commit({ fs, dir, message, author: testAuthor });
}

/** Runs `action` with PATH set to a missing folder, so no kustomize or kubectl is found. */
async function withoutEngine<T>(action: () => Promise<T>): Promise<T> {
  const saved = process.env['PATH'];
  process.env['PATH'] = join(tmpdir(), 'no-engine-on-this-path');
  try {
    return await action();
  } finally {
    process.env['PATH'] = saved;
  }
}

const noEngineReason =
  findOnPath('kustomize') === undefined && findOnPath('kubectl') === undefined
    ? 'neither kustomize nor kubectl is on PATH'
    : false;

describe('promote output', () => {
  let dir = '';

  beforeEach(async () => {
    dir = fs.mkdtempSync(join(tmpdir(), 'promote-output-'));
    await git.init({ fs, dir, defaultBranch: 'main' });
    const files = {
      'env/01-dev/deployment.yaml': webDeployment,
      'env/02-qa/deployment.yaml': webDeployment,
      [devFile]: overlay('1.0'),
      [qaFile]: overlay('1.0'),
    };
    await commitAll(dir, files, 'Add overlays');
    await commitAll(dir, { [qaFile]: overlay('1.1') }, 'Hotfix web 1.1 in QA');
    await commitAll(dir, { [devFile]: overlay('2.0') }, 'Set web 2.0 in dev');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('dry run without engine prints the diff', async () => {
    const args = ['promote', '--from', '01-dev', '--to', '02-qa', '--dry-run'];
    const run = await withoutEngine(() => runCliCaptured(args, dir));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /-  newTag: "1\.1"\n\+  newTag: "2\.0"\n/);
    assert.match(run.stdout, /rendered diff was skipped because no kustomize or kubectl was found/);
    assert.equal(fs.readFileSync(join(dir, qaFile), 'utf8'), overlay('1.1'));
  });

  it('write without engine is rejected', async () => {
    const run = await withoutEngine(() =>
      runCliCaptured(['promote', '--from', '01-dev', '--to', '02-qa'], dir),
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /neither kustomize nor kubectl was found on PATH/);
    assert.match(run.stderr, /--dry-run/);
    assert.equal(fs.readFileSync(join(dir, qaFile), 'utf8'), overlay('1.1'));
  });

  it('write prints the kustomization diff', { skip: noEngineReason }, async () => {
    const run = await runCliCaptured(['promote', '--from', '01-dev', '--to', '02-qa'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /-  newTag: "1\.1"\n\+  newTag: "2\.0"\n/);
    assert.match(run.stdout, /wrote .*02-qa\/kustomization\.yaml\n$/);
    assert.doesNotMatch(run.stderr, /moves it back/);
  });

  it('warns when a tag goes backwards', { skip: noEngineReason }, async () => {
    await commitAll(dir, { [devFile]: overlay('1.0') }, 'Return dev to web 1.0');
    const run = await runCliCaptured(
      ['promote', '--from', '01-dev', '--to', '02-qa', '--dry-run'],
      dir,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /warning: 02-qa already ran web 1\.0 \(set in [0-9a-f]{7} on /);
    assert.match(run.stderr, /this promotion moves it back/);
  });
});
