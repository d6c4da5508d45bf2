import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintWorkspace } from '../../src/core/lint/linter';
import type { LintDiagnostic, LintFix } from '../../src/core/lint/types';
import { FileSource } from '../../src/core/workspace/fileSource';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { fixturePath, sharedPath } from '../support/paths';

async function lintFolder(folder: string, source?: FileSource): Promise<LintDiagnostic[]> {
  const model = new WorkspaceModel([folder], {}, source);
  model.load();
  return lintWorkspace(model);
}

function withCode(diagnostics: readonly LintDiagnostic[], code: string): LintDiagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Applies a fix whose edits all target one file. */
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

describe('image fields rule', () => {
  it('names the custom resource field', async () => {
    const diagnostics = withCode(
      await lintFolder(fixturePath('lint', 'image-fields', 'bad')),
      'image-field-not-updated',
    );
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]?.range.startLine, 3);
    assert.match(diagnostics[0]?.message ?? '', /ReportSchedule monthly spec\/runner\/image/);
    assert.match(diagnostics[0]?.message ?? '', /keep the old image while the containers change/);
  });

  it('says an entry changes nothing', async () => {
    const folder = fixturePath('lint', 'image-fields', 'bad');
    const source = new FileSource();
    const jobs = path.join(folder, 'jobs.yaml');
    source.setOverride(jobs, readText(jobs).split('---\n')[1] ?? '');
    const diagnostics = await lintFolder(folder, source);
    const codes = diagnostics.map((diagnostic) => diagnostic.code);
    assert.deepEqual(codes, ['image-field-not-updated']);
    assert.match(diagnostics[0]?.message ?? '', /so this entry changes nothing/);
  });
});

describe('namespace override rule', () => {
  it('lists moved objects', async () => {
    const diagnostics = await lintFolder(fixturePath('lint', 'namespace-override', 'bad'));
    const moved = withCode(diagnostics, 'namespace-overrides-explicit')[0];
    assert.equal(moved?.severity, 'information');
    assert.match(moved?.message ?? '', /ConfigMap ledger-settings from ledger-system/);
    assert.match(moved?.message ?? '', /unsetOnly: true/);
    const subject = withCode(diagnostics, 'namespace-moves-default-subject')[0];
    assert.match(subject?.message ?? '', /ClusterRoleBinding ledger-reader \(from monitoring\)/);
  });

  it('reports two Namespace objects', async () => {
    const folder = fixturePath('lint', 'namespace-override', 'bad');
    const source = new FileSource();
    const file = path.join(folder, 'ledger.yaml');
    source.setOverride(
      file,
      `${readText(file)}---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ledger-jobs\n`,
    );
    const diagnostics = await lintFolder(folder, source);
    const conflict = withCode(diagnostics, 'namespace-id-conflict');
    assert.equal(conflict.length, 1);
    assert.equal(conflict[0]?.severity, 'error');
    assert.match(conflict[0]?.message ?? '', /ledger-system, ledger-jobs/);
    assert.equal(withCode(diagnostics, 'namespace-object-renamed').length, 0);
  });
});

describe('generated names rule', () => {
  it('adds the namespace to the generator', async () => {
    const folder = fixturePath('lint', 'generated-names', 'bad');
    const diagnostics = await lintFolder(folder);
    const finding = withCode(diagnostics, 'generated-name-not-propagated')[0];
    assert.match(
      finding?.message ?? '',
      /lands in no namespace, but Deployment ledger \(namespace books\)/,
    );
    const fix = finding?.fixes?.[0];
    assert.ok(fix, 'a fix is offered');
    const file = path.join(folder, 'overlay', 'kustomization.yaml');
    const fixed = applyFix(readText(file), fix);
    assert.match(fixed, /- name: ledger-settings\n {2}namespace: books\n {2}literals:/);

    const source = new FileSource();
    source.setOverride(file, fixed);
    const after = await lintFolder(folder, source);
    assert.equal(withCode(after, 'generated-name-not-propagated').length, 0);
  });

  it('names the unfollowed field', async () => {
    const diagnostics = await lintFolder(fixturePath('lint', 'generated-names', 'bad'));
    const finding = withCode(diagnostics, 'generated-name-unfollowed-field')[0];
    assert.match(
      finding?.message ?? '',
      /ReportSchedule monthly names the generated ConfigMap ledger-settings in spec\.settingsConfigMap/,
    );
  });

  it('skips generators without hash', async () => {
    const folder = fixturePath('lint', 'generated-names', 'bad');
    const file = path.join(folder, 'overlay', 'kustomization.yaml');
    const source = new FileSource();
    const text = readText(file).replace(
      'namePrefix: staging-\n',
      'generatorOptions:\n  disableNameSuffixHash: true\n',
    );
    source.setOverride(file, text);
    const diagnostics = await lintFolder(folder, source);
    assert.equal(withCode(diagnostics, 'generated-name-not-propagated').length, 0);
    assert.equal(withCode(diagnostics, 'generated-name-unfollowed-field').length, 0);
  });
});

describe('selector labels rule', () => {
  it('converts to labels keeping comments', async () => {
    const folder = fixturePath('lint', 'selector-labels', 'bad');
    const diagnostics = await lintFolder(folder);
    const finding = withCode(diagnostics, 'common-labels-in-selectors')[0];
    assert.match(finding?.message ?? '', /selectors of Deployment ledger/);
    const fix = finding?.fixes?.[0];
    assert.ok(fix, 'a fix is offered');
    const fixed = applyFix(readText(path.join(folder, 'kustomization.yaml')), fix);
    assert.equal(
      fixed,
      'resources:\n- ledger.yaml\n# every object of the ledger belongs to the books team\nlabels:\n- includeTemplates: true\n  pairs:\n    team: books\n',
    );
  });
});

describe('component prefix rule', () => {
  it('lists the parent objects', async () => {
    const diagnostics = await lintFolder(fixturePath('lint', 'component-prefix', 'bad'));
    const finding = withCode(diagnostics, 'component-renames-parent')[0];
    assert.equal(
      finding?.file,
      fixturePath('lint', 'component-prefix', 'bad', 'prefix', 'kustomization.yaml'),
    );
    assert.match(
      finding?.message ?? '',
      /app: ConfigMap ledger-settings, app: generated ConfigMap ledger-limits/,
    );
    assert.doesNotMatch(finding?.message ?? '', /preview-flags/);
  });
});

describe('image pull rule', () => {
  it('allows the openshift namespace', async () => {
    const folder = fixturePath('lint', 'image-pull', 'bad');
    const file = path.join(folder, 'ledger.yaml');
    const source = new FileSource();
    source.setOverride(file, readText(file).replace('/builds/ledger', '/openshift/ledger'));
    const diagnostics = await lintFolder(folder, source);
    assert.equal(withCode(diagnostics, 'image-pull-not-granted').length, 0);
  });
});

/** Copies an Argo CD fixture and makes `ledger-deploy` a clone whose origin the Applications name. */
function argoWorkspace(variant: string, created: string[]): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-argo-'));
  created.push(folder);
  fs.cpSync(fixturePath('lint', 'argo', variant), folder, { recursive: true });
  const git = path.join(folder, 'ledger-deploy', '.git');
  fs.mkdirSync(git);
  fs.writeFileSync(
    path.join(git, 'config'),
    '[remote "origin"]\n\turl = https://git.example.com/books/ledger-deploy.git\n',
  );
  return folder;
}

describe('Argo CD rules', () => {
  const created: string[] = [];
  after(() => created.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

  it('failing fixture', async () => {
    const folder = argoWorkspace('bad', created);
    const diagnostics = await lintFolder(folder);
    const found = diagnostics
      .map((diagnostic) => `${diagnostic.range.startLine + 1} ${diagnostic.code}`)
      .sort();
    assert.deepEqual(found, [
      '10 argo-source-path-missing',
      '28 argo-namespace-mismatch',
      '28 argo-namespace-not-created',
      '35 argo-destination-not-permitted',
      '43 argo-source-not-permitted',
    ]);
  });

  it('passing fixture', async () => {
    const diagnostics = await lintFolder(argoWorkspace('good', created));
    assert.deepEqual(diagnostics, []);
  });

  it('explains each finding', async () => {
    const diagnostics = await lintFolder(argoWorkspace('bad', created));
    const message = (code: string): string => withCode(diagnostics, code)[0]?.message ?? '';
    assert.match(message('argo-source-path-missing'), /path "overlays\/staging" does not exist/);
    assert.match(
      message('argo-namespace-mismatch'),
      /deploys to namespace books-production, but prod .* into books-prod/,
    );
    assert.match(message('argo-namespace-not-created'), /Add CreateNamespace=true/);
    assert.match(
      message('argo-source-not-permitted'),
      /https:\/\/git\.example\.com\/payments\/ledger-deploy\.git/,
    );
    assert.match(message('argo-destination-not-permitted'), /namespace payments/);
  });
});

/** Case folder, then the findings expected in each overlay's kustomization (line and code). */
const cases: [string, Record<string, string[]>][] = [
  [
    '13-images-in-cronjob-and-custom-resources',
    { 'overlay-default': ['6 image-field-not-updated'], 'overlay-with-config': [] },
  ],
  [
    '14-namespace-transformer-overrides',
    {
      overlay: [
        '3 namespace-moves-default-subject',
        '3 namespace-object-renamed',
        '3 namespace-overrides-explicit',
      ],
      'overlay-two-namespaces': ['3 namespace-id-conflict'],
      'overlay-unset-only': [],
    },
  ],
  [
    '16-generated-name-not-propagated-across-namespace',
    { overlay: ['7 generated-name-not-propagated'], 'overlay-with-namespace': [] },
  ],
  [
    '17-component-nameprefix-and-generators',
    { component: ['3 component-renames-parent'], 'component-patch': [], app: [] },
  ],
  [
    '21-commonlabels-vs-labels-selectors',
    {
      'overlay-commonlabels': ['5 common-labels-in-selectors', '5 deprecated-field'],
      'overlay-labels': [],
      'overlay-labels-templates': [],
    },
  ],
];

describe('new rules on recorded kustomize cases', () => {
  for (const [name, folders] of cases) {
    const folder = sharedPath('cases', name);
    it(
      name,
      { skip: folder === undefined ? 'shared test data not found (set GITOPS_SHARED)' : false },
      async () => {
        const diagnostics = await lintFolder(folder ?? '');
        for (const [dir, expected] of Object.entries(folders)) {
          const file = path.join(folder ?? '', dir, 'kustomization.yaml');
          const found = diagnostics
            .filter((diagnostic) => diagnostic.file === file)
            .map((diagnostic) => `${diagnostic.range.startLine + 1} ${diagnostic.code}`)
            .sort();
          assert.deepEqual(found, expected, dir);
        }
      },
    );
  }
});
