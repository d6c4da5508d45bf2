import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findOnPath } from '../../src/core/render/engine';
import { render } from '../../src/core/render/renderer';
import { runCliCaptured } from '../support/cli';

/** Runs `action` with PATH set to a missing folder, so no kustomize or kubectl is found. */
async function withoutEngine<T>(action: () => Promise<T>): Promise<T> {
  const saved = process.env['PATH'];
  process.env['PATH'] = path.join(os.tmpdir(), 'no-engine-on-this-path');
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

describe('render messages name the caller knobs', () => {
  let folder = '';

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'render-messages-'));
    fs.writeFileSync(path.join(folder, 'kustomization.yaml'), 'resources:\n- config.yaml\n');
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';
    fs.writeFileSync(path.join(folder, 'config.yaml'), configMap);
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('CLI names flags without an engine', async () => {
    const run = await withoutEngine(() => runCliCaptured(['render', '.'], folder));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /set --kustomize-path to the binary \(and --engine to its kind\)/);
    assert.doesNotMatch(run.stderr, /gitops\.kustomize/);
  });

  it('core keeps editor setting names', async () => {
    const result = await withoutEngine(() => render(folder));
    assert.equal(result.error?.reason, 'engine-not-found');
    assert.match(result.error?.message ?? '', /`gitops\.kustomize\.path`/);
  });

  it('CLI names --build-options on a quote error', async () => {
    const run = await runCliCaptured(['render', '.', '--build-options', "'abc"], folder);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /invalid --build-options: unclosed ' quote/);
  });

  it('blames an unknown build flag', { skip: noEngineReason }, async () => {
    const run = await runCliCaptured(['render', '.', '--build-options', '--enable-helm;'], folder);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /rejected --enable-helm; from --build-options/);
    assert.doesNotMatch(run.stderr, /at .*kustomization\.yaml/);
  });
});
