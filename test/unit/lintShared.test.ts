import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintWorkspace } from '../../src/core/lint/linter';
import type { LintDiagnostic } from '../../src/core/lint/types';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { sharedPath } from '../support/paths';

const missing = 'shared test data not found (set GITOPS_SHARED)';

async function lintStatic(folder: string): Promise<LintDiagnostic[]> {
  const model = new WorkspaceModel([folder]);
  model.load();
  return lintWorkspace(model);
}

function findingsIn(diagnostics: readonly LintDiagnostic[], suffix: string): string[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.file.endsWith(suffix))
    .map((diagnostic) => `${diagnostic.range.startLine + 1} ${diagnostic.code}`)
    .sort();
}

describe('lint on real repositories', () => {
  const bundle = sharedPath('real-world', 'myapp-cd.bundle');
  it(
    'myapp production overlay mistakes',
    { skip: bundle === undefined ? missing : false },
    async () => {
      const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-myapp-'));
      execFileSync('git', ['clone', '-q', '-b', 'main', bundle ?? '', clone]);
      const diagnostics = await lintStatic(clone);
      assert.deepEqual(findingsIn(diagnostics, path.join('03-production', 'kustomization.yaml')), [
        '13 unknown-patch-op',
        '54 deprecated-field',
      ]);
      assert.deepEqual(findingsIn(diagnostics, path.join('03-production', 'patch.yaml')), [
        '10 image-trailing-space',
      ]);
      assert.deepEqual(findingsIn(diagnostics, path.join('01-dev', 'kustomization.yaml')), []);
      fs.rmSync(clone, { recursive: true, force: true });
    },
  );
});

/** Case folder, then the findings expected in each overlay's kustomization (line and code). */
const cases: [string, Record<string, string[]>][] = [
  [
    '18-json6902-missing-paths',
    {
      'overlay-add-missing-parent': ['11 patch-path-missing'],
      'overlay-remove-missing': ['11 patch-path-missing'],
      'overlay-replace-missing': ['11 replace-creates-field'],
      'overlay-add-to-existing': [],
    },
  ],
  [
    '26-replicas-field-and-custom-kinds',
    {
      'overlay-default': ['8 replicas-no-match'],
      'overlay-unknown-name': ['8 replicas-no-match'],
      'overlay-with-config': [],
    },
  ],
  [
    '05-newtag-unquoted-number',
    {
      'overlay-float': ['7 image-tag-not-string'],
      'overlay-int': ['7 image-tag-not-string'],
      'overlay-quoted': [],
      'overlay-semver': [],
    },
  ],
  [
    '10-image-name-is-a-regex',
    {
      'overlay-bracket': ['6 image-name-invalid-regex'],
      'overlay-dot': ['6 image-name-dot-wildcard'],
    },
  ],
  [
    '22-deprecated-fields-and-v5-replacements',
    {
      legacy: [
        '15 deprecated-field',
        '18 deprecated-field',
        '3 deprecated-field',
        '6 deprecated-field',
        '8 deprecated-field',
      ],
      modern: [],
    },
  ],
  [
    '23-resource-directory-without-kustomization',
    { 'overlay-dir': ['4 folder-without-kustomization'], 'overlay-missing': ['4 missing-path'] },
  ],
];

describe('lint on recorded kustomize cases', () => {
  for (const [name, overlays] of cases) {
    const folder = sharedPath('cases', name);
    it(name, { skip: folder === undefined ? missing : false }, async () => {
      const diagnostics = await lintStatic(folder ?? '');
      for (const [overlay, expected] of Object.entries(overlays)) {
        assert.deepEqual(
          findingsIn(diagnostics, path.join(overlay, 'kustomization.yaml')),
          expected,
          overlay,
        );
      }
    });
  }
});
