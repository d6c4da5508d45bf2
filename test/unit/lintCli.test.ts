import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/main';
import { fixturePath } from '../support/paths';

const fixtures = fixturePath('lint');

async function runLint(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd: fixtures,
    out: (text) => (out += text),
    err: (text) => (err += text),
  };
  const code = await runCli(['lint', ...args], io);
  return { code, out, err };
}

describe('lint command arguments', () => {
  it('rejects a missing folder', async () => {
    const missing = path.join(fixtures, 'no-such-folder');
    const result = await runLint([missing, '--static']);
    assert.equal(result.code, 2);
    assert.equal(result.out, '');
    assert.match(result.err, /folder not found: .*no-such-folder/);
  });

  it('rejects a file given as folder', async () => {
    const result = await runLint(['replicas/good/kustomization.yaml', '--static']);
    assert.equal(result.code, 2);
    assert.match(result.err, /folder not found: .*kustomization\.yaml/);
  });

  it('rejects an unknown option', async () => {
    const result = await runLint(['replicas/good', '--statc']);
    assert.equal(result.code, 2);
    assert.match(result.err, /unknown option --statc; did you mean --static\?/);
  });

  it('rejects an invalid timeout', async () => {
    const result = await runLint(['replicas/good', '--timeout', '0']);
    assert.equal(result.code, 2);
    assert.match(result.err, /invalid --timeout "0"/);
  });

  it('lists its options in help', async () => {
    const result = await runLint(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.out, /--timeout SECONDS +time before each build is stopped/);
  });

  it('lints an existing folder', async () => {
    const result = await runLint(['replicas/good', '--static']);
    assert.equal(result.code, 0);
    assert.equal(result.out, '');
  });
});

const noShellReason =
  process.platform === 'win32' ? 'the stand-in kustomize is a POSIX shell script' : false;

describe('lint command builds', { skip: noShellReason }, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-cli-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** A stand-in kustomize that sleeps longer than any timeout the tests set. */
  const slowKustomize = path.join(scratch, 'kustomize');
  fs.writeFileSync(slowKustomize, '#!/bin/sh\nsleep 10\n', { mode: 0o755 });

  it('reports a build past --timeout', async () => {
    const args = ['replicas/good', '--engine', 'kustomize', '--kustomize-path', slowKustomize];
    const result = await runLint([...args, '--timeout', '0.3']);
    assert.equal(result.code, 0);
    assert.match(result.out, /warning render-timeout: kustomize build of good /);
    assert.match(result.out, /timed out after 0\.3 s/);
    assert.match(result.out, /Raise the timeout with --timeout SECONDS\./);
  });

  it('names flags when kustomize is missing', async () => {
    const missing = path.join(scratch, 'missing-kustomize');
    const result = await runLint(['replicas/good', '--kustomize-path', missing]);
    assert.match(result.out, /warning render-not-run: .*Fix --kustomize-path, or clear it/);
    assert.doesNotMatch(result.out, /gitops\.kustomize/);
    assert.doesNotMatch(result.out + result.err, /\.[;.]/);
  });
});
