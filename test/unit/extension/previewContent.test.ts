import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RenderResult } from '../../../src/core/render/renderResult';
import {
  commentLines,
  previewText,
  untrustedPreviewText,
} from '../../../src/extension/preview/previewContent';

function result(overrides: Partial<RenderResult>): RenderResult {
  return {
    ok: true,
    dir: '/repo/env/dev',
    yaml: 'kind: ConfigMap\n',
    warnings: [],
    exitCode: 0,
    durationMs: 12,
    command: ['kustomize', 'build', '/repo/env/dev'],
    cached: false,
    mirrored: false,
    ...overrides,
  };
}

const failure = result({
  ok: false,
  yaml: '',
  exitCode: 1,
  error: {
    reason: 'kustomize-failed',
    message: 'kustomize build /repo/env/dev failed: accumulating resources: missing.yaml',
    kustomizeError: 'accumulating resources: missing.yaml',
    location: {
      file: '/repo/env/dev/kustomization.yaml',
      line: 7,
      message: 'missing.yaml not found',
    },
  },
});

describe('previewText', () => {
  it('returns the YAML of a successful render', () => {
    assert.equal(previewText(result({}), undefined), 'kind: ConfigMap\n');
  });

  it('puts warnings above the YAML', () => {
    const text = previewText(
      result({ warnings: ["# Warning: 'bases' is deprecated."] }),
      undefined,
    );

    assert.equal(text, "# Warning: 'bases' is deprecated.\nkind: ConfigMap\n");
  });

  it('names the folder, file and line of a failure', () => {
    const lines = previewText(failure, undefined).split('\n');

    assert.equal(lines[0], '# Rendering /repo/env/dev failed.');
    assert.equal(lines[1], '# File: /repo/env/dev/kustomization.yaml:7');
    assert.ok(lines.includes('# accumulating resources: missing.yaml'));
    assert.ok(lines.includes('# missing.yaml not found'));
  });

  it('keeps the last good output below a failure', () => {
    const text = previewText(failure, 'kind: Service\n');

    assert.match(text, /# Output of the last successful render:\nkind: Service\n$/);
  });

  it('comments every line of the message', () => {
    const text = previewText(failure, undefined);

    const uncommented = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    assert.deepEqual(uncommented, []);
  });
});

describe('commentLines', () => {
  it('prefixes lines and keeps blank ones', () => {
    assert.equal(commentLines('first\n\nsecond\n'), '# first\n#\n# second');
  });
});

describe('untrustedPreviewText', () => {
  it('explains that rendering is off', () => {
    const text = untrustedPreviewText('/repo/env/dev');

    assert.match(
      text,
      /^# Rendering \/repo\/env\/dev is off because this workspace is not trusted\./,
    );
  });
});
