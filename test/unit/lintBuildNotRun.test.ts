import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintWorkspace } from '../../src/core/lint/linter';
import type { LinterOptions } from '../../src/core/lint/linter';
import type { LintDiagnostic } from '../../src/core/lint/types';
import type { RenderFailureReason, RenderResult } from '../../src/core/render/renderResult';
import { earlyFailure } from '../../src/core/render/renderResult';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { fixturePath } from '../support/paths';

const folder = fixturePath('lint', 'replicas', 'good');

/** Lints the folder with a renderer that always fails for `reason` after `durationMs`. */
async function lintWithFailure(
  reason: RenderFailureReason,
  message: string,
  durationMs = 30_004,
  options: LinterOptions = {},
): Promise<LintDiagnostic[]> {
  const model = new WorkspaceModel([folder]);
  model.load();
  const render = async (dir: string): Promise<RenderResult> => ({
    ...earlyFailure(dir, reason, message, Date.now()),
    durationMs,
  });
  return lintWorkspace(model, { ...options, render });
}

describe('lint of builds that did not complete', () => {
  it('reports a timeout at the kustomization', async () => {
    const diagnostics = await lintWithFailure('timed-out', 'timed out after 30000 ms');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.code, 'render-timeout');
    assert.equal(diagnostics[0]?.severity, 'warning');
    assert.equal(diagnostics[0]?.file, `${folder}/kustomization.yaml`);
    assert.equal(diagnostics[0]?.range.startLine, 0);
  });

  it('says how long and what was skipped', async () => {
    const diagnostics = await lintWithFailure('timed-out', 'timed out');
    const message = diagnostics[0]?.message ?? '';
    assert.match(message, /^kustomize build of good timed out after 30 s, /);
    assert.match(message, /kustomize's own errors went unchecked/);
    assert.match(
      message,
      /Raise the timeout with the setting `gitops\.kustomize\.timeoutSeconds`\.$/,
    );
  });

  it('names the given timeout option', async () => {
    const options = { timeoutOption: '--timeout SECONDS' };
    const diagnostics = await lintWithFailure('timed-out', 'timed out', 254, options);
    assert.match(diagnostics[0]?.message ?? '', /timed out after 0\.2 s, /);
    assert.match(diagnostics[0]?.message ?? '', /Raise the timeout with --timeout SECONDS\.$/);
  });

  it('reports other reasons with their cause', async () => {
    const cause = 'kustomize or kubectl was not found on PATH. Install it.';
    const diagnostics = await lintWithFailure('engine-not-found', cause);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.code, 'render-not-run');
    const message = diagnostics[0]?.message ?? '';
    assert.match(
      message,
      /did not complete: kustomize or kubectl was not found on PATH\. Install it\. /,
    );
    assert.doesNotMatch(message, /\.[;.]/);
  });

  const otherReasons = [
    'output-limit',
    'spawn-failed',
    'mirror-failed',
    'inputs-too-large',
  ] as const;
  for (const reason of otherReasons) {
    it(`reports ${reason}`, async () => {
      const diagnostics = await lintWithFailure(reason, `build stopped: ${reason}`);
      assert.deepEqual(
        diagnostics.map((diagnostic) => diagnostic.code),
        ['render-not-run'],
      );
    });
  }

  for (const reason of ['cancelled', 'superseded'] as const) {
    it(`stays silent when ${reason}`, async () => {
      assert.deepEqual(await lintWithFailure(reason, 'stopped'), []);
    });
  }
});
