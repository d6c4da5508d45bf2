import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintWorkspace } from '../../src/core/lint/linter';
import type { LintDiagnostic, LintFix } from '../../src/core/lint/types';
import { FileSource } from '../../src/core/workspace/fileSource';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { fixturePath } from '../support/paths';

async function lintFolder(folder: string, source?: FileSource): Promise<LintDiagnostic[]> {
  const model = new WorkspaceModel([folder], {}, source);
  model.load();
  return lintWorkspace(model);
}

function codes(diagnostics: readonly LintDiagnostic[]): string[] {
  return diagnostics.map((diagnostic) => diagnostic.code).sort();
}

/** Applies a fix's edits to one file's text; edits never overlap. */
function applyFix(text: string, fix: LintFix): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number): number =>
    lines.slice(0, line).reduce((sum, current) => sum + current.length + 1, 0) + column;
  const edits = [...fix.edits].sort(
    (a, b) =>
      offset(b.range.startLine, b.range.startColumn) -
      offset(a.range.startLine, a.range.startColumn),
  );
  let result = text;
  for (const edit of edits) {
    const start = offset(edit.range.startLine, edit.range.startColumn);
    const end = offset(edit.range.endLine, edit.range.endColumn);
    result = result.slice(0, start) + edit.newText + result.slice(end);
  }
  return result;
}

const expectedCodes: Record<string, string[]> = {
  'duplicate-key': ['duplicate-key'],
  'unknown-field': ['unknown-field'],
  deprecated: [
    'common-labels-in-selectors',
    'deprecated-field',
    'deprecated-field',
    'deprecated-field',
  ],
  json6902: [
    'missing-patch-value',
    'patch-path-missing',
    'patch-without-target',
    'unknown-patch-op',
  ],
  targets: ['patch-unknown-container', 'target-glob-pattern', 'target-selects-nothing'],
  images: [
    'duplicate-image-entry',
    'duplicate-image-entry',
    'image-matches-nothing',
    'image-tag-latest',
    'image-tag-not-string',
    'image-tag-placeholder',
    'image-whitespace',
  ],
  replicas: ['replicas-no-match', 'replicas-no-match'],
  'outside-root': ['file-outside-root'],
  'image-pull': ['image-pull-not-granted'],
  'image-fields': ['image-field-not-updated'],
  'namespace-override': [
    'namespace-moves-default-subject',
    'namespace-object-renamed',
    'namespace-overrides-explicit',
  ],
  'generated-names': ['generated-name-not-propagated', 'generated-name-unfollowed-field'],
  'selector-labels': ['common-labels-in-selectors', 'deprecated-field'],
  'component-prefix': ['component-renames-parent'],
};

describe('lint fixtures', () => {
  for (const [rule, expected] of Object.entries(expectedCodes)) {
    it(`${rule} failing fixture`, async () => {
      const diagnostics = await lintFolder(fixturePath('lint', rule, 'bad'));
      assert.deepEqual(codes(diagnostics), expected);
    });

    it(`${rule} passing fixture`, async () => {
      const diagnostics = await lintFolder(fixturePath('lint', rule, 'good'));
      assert.deepEqual(codes(diagnostics), []);
    });
  }
});

describe('lint diagnostics', () => {
  it('places an inline op on its line', async () => {
    const diagnostics = await lintFolder(fixturePath('lint', 'json6902', 'bad'));
    const op = diagnostics.find((diagnostic) => diagnostic.code === 'unknown-patch-op');
    assert.equal(op?.range.startLine, 4);
    assert.equal(op?.range.startColumn, 10);
    assert.match(op?.message ?? '', /Did you mean "replace"\?/);
  });

  it('fixes an unknown op in place', async () => {
    const folder = fixturePath('lint', 'json6902', 'bad');
    const diagnostics = await lintFolder(folder);
    const fix = diagnostics.find((diagnostic) => diagnostic.code === 'unknown-patch-op')
      ?.fixes?.[0];
    assert.ok(fix);
    const source = new FileSource();
    const file = path.join(folder, 'kustomization.yaml');
    const text = source.readText(file);
    assert.equal(text.kind, 'text');
    const fixed = applyFix(text.kind === 'text' ? text.text : '', fix);
    assert.match(fixed, / {4}- op: replace\n/);
    source.setOverride(file, fixed);
    const after = await lintFolder(folder, source);
    assert.ok(!codes(after).includes('unknown-patch-op'));
  });

  it('quotes a numeric tag', async () => {
    const folder = fixturePath('lint', 'images', 'bad');
    const diagnostics = await lintFolder(folder);
    const fix = diagnostics.find((diagnostic) => diagnostic.code === 'image-tag-not-string')
      ?.fixes?.[0];
    assert.equal(fix?.edits[0]?.newText, '"1.10"');
  });

  it('rewrites deprecated fields keeping comments', async () => {
    const folder = fixturePath('lint', 'deprecated', 'bad');
    const file = path.join(folder, 'kustomization.yaml');
    const source = new FileSource();
    let remaining = await lintFolder(folder, source);
    for (let round = 0; round < 3; round++) {
      const fix = remaining.find((diagnostic) => diagnostic.code === 'deprecated-field')
        ?.fixes?.[0];
      assert.ok(fix, `round ${round} has a fix`);
      const read = source.readText(file);
      source.setOverride(file, applyFix(read.kind === 'text' ? read.text : '', fix));
      remaining = await lintFolder(folder, source);
    }
    const read = source.readText(file);
    const fixed = read.kind === 'text' ? read.text : '';
    assert.deepEqual(codes(remaining), []);
    assert.match(fixed, /^resources:\n# the application itself\n- shared\n/m);
    assert.match(fixed, /^patches:\n- path: replicas.yaml\n/m);
    assert.match(
      fixed,
      /^labels:\n- includeSelectors: true\n {2}pairs:\n {4}team: books # owner\n/m,
    );
    assert.match(fixed, /^# Ledger overlay written before kustomize v5\./);
  });

  it('merges bases into existing resources', async () => {
    const folder = fixturePath('lint', 'deprecated', 'bad');
    const file = path.join(folder, 'kustomization.yaml');
    const source = new FileSource();
    source.setOverride(file, 'resources:\n  - replicas-free.yaml\nbases:\n# kept\n- shared\n');
    const diagnostics = await lintFolder(folder, source);
    const fix = diagnostics.find((diagnostic) => diagnostic.code === 'deprecated-field')
      ?.fixes?.[0];
    assert.ok(fix);
    const fixed = applyFix('resources:\n  - replicas-free.yaml\nbases:\n# kept\n- shared\n', fix);
    assert.equal(fixed, 'resources:\n  - replicas-free.yaml\n  # kept\n  - shared\n');
  });

  it('offers a RoleBinding for image pulls', async () => {
    const diagnostics = await lintFolder(fixturePath('lint', 'image-pull', 'bad'));
    const pull = diagnostics.find((diagnostic) => diagnostic.code === 'image-pull-not-granted');
    assert.equal(pull?.file, fixturePath('lint', 'image-pull', 'bad', 'ledger.yaml'));
    // The kustomization sets namespace:, which would move a new binding out of "builds".
    assert.equal(pull?.fixes, undefined);
    assert.match(
      pull?.message ?? '',
      /namespace shop from the internal registry of namespace builds/,
    );
  });
});
