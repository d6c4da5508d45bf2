import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { findOnPath } from '../../src/core/render/engine';
import { fixturePath } from '../support/paths';

const fixtures = fixturePath('render');
const noKubectlReason = findOnPath('kubectl') === undefined ? 'kubectl is not on PATH' : false;

async function runRender(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd: fixtures,
    out: (text) => (out += text),
    err: (text) => (err += text),
  };
  const code = await runCli(['render', ...args], io);
  return { code, out, err };
}

describe('render command', { skip: noKubectlReason }, () => {
  it('prints the YAML byte for byte', async () => {
    const expected = execFileSync('kubectl', [
      'kustomize',
      path.join(fixtures, 'overlays', 'staging'),
    ]);

    const result = await runRender(['overlays/staging', '--engine', 'kubectl']);

    assert.equal(result.code, 0);
    assert.equal(result.err, '');
    assert.equal(result.out, expected.toString('utf8'));
  });

  it('fails with the folder and the error', async () => {
    const result = await runRender(['overlays/broken']);

    assert.equal(result.code, 1);
    assert.equal(result.out, '');
    assert.match(result.err, /overlays\/broken failed: .*evalsymlink failure/);
    assert.match(result.err, /at .*overlays\/broken\/kustomization\.yaml:5: /);
  });

  it('rejects an unknown engine', async () => {
    const result = await runRender(['overlays/staging', '--engine', 'helm']);

    assert.equal(result.code, 2);
    assert.match(result.err, /invalid --engine "helm"/);
  });

  it('rejects a missing folder argument', async () => {
    const result = await runRender([]);

    assert.equal(result.code, 2);
    assert.match(result.err, /expected exactly one DIR/);
  });
});
