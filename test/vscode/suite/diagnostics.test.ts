import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import { gitopsApi, isExampleWorkspace, restore, waitFor } from './gitopsHelpers';

/** Bound for a debounced re-lint on a slow, busy machine; the lint itself takes milliseconds. */
const updateTimeoutMs = 15_000;

function gitopsDiagnostics(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter(
      (diagnostic) =>
        diagnostic.source === 'gitops' && (code === undefined || diagnostic.code === code),
    );
}

/** Waits until `uri` has (or, with `present` false, no longer has) a diagnostic with `code`. */
async function waitForCode(
  uri: vscode.Uri,
  code: string,
  present = true,
): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => gitopsDiagnostics(uri, code),
    (found) => found.length > 0 === present,
    updateTimeoutMs,
  );
}

function lineContaining(document: vscode.TextDocument, needle: string): number {
  const line = document
    .getText()
    .split('\n')
    .findIndex((candidate) => candidate.includes(needle));
  assert.notEqual(line, -1, `no line with ${needle} in ${document.uri.fsPath}`);
  return line;
}

async function replaceLine(
  document: vscode.TextDocument,
  line: number,
  text: string,
): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, document.lineAt(line).range, text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
}

describe('Lint diagnostics', function () {
  let api: GitOpsTestApi;
  let dev: vscode.TextDocument;
  let savedDev: string;

  before(async function () {
    api = await gitopsApi();
    const environment = api.model().findEnvironment('01-dev');
    if (!isExampleWorkspace(api) || environment === undefined) {
      console.log(
        'diagnostics tests skipped: the open workspace is not the parcel-tracker example',
      );
      this.skip();
    }
    dev = await vscode.workspace.openTextDocument(environment.kustomizationFile);
    savedDev = dev.getText();
  });

  afterEach(async () => {
    await restore(dev, savedDev);
    await waitForCode(dev.uri, 'image-tag-not-string', false);
  });

  it('marks an unsaved numeric tag', async () => {
    const line = lineContaining(dev, 'newTag:');
    await replaceLine(dev, line, '    newTag: 1.10');

    const found = await waitForCode(dev.uri, 'image-tag-not-string');

    assert.ok(dev.isDirty, 'the edit stays unsaved');
    assert.equal(found.length, 1);
    assert.equal(found[0]?.range.start.line, line);
    assert.equal(found[0]?.severity, vscode.DiagnosticSeverity.Error);
  });

  it('follows typing', async () => {
    const line = lineContaining(dev, 'newTag:');
    await replaceLine(dev, line, '    newTag: 1.1');
    await replaceLine(dev, line, '    newTag: 1.10');
    await waitForCode(dev.uri, 'image-tag-not-string');

    // Three keystrokes in quick succession: only the settled text counts.
    await replaceLine(dev, line, '    newTag: "1.10');
    await replaceLine(dev, line, '    newTag: "1.10"');
    await replaceLine(dev, line, '    newTag: "1.10" ');
    const after = await waitForCode(dev.uri, 'image-tag-not-string', false);

    assert.deepEqual(after, []);
    assert.deepEqual(gitopsDiagnostics(dev.uri, 'yaml-syntax'), []);
  });

  it('quick fix keeps comments', async () => {
    const line = lineContaining(dev, 'resources:');
    await replaceLine(dev, line, 'bases:\n  # shared objects of every environment');
    const found = await waitForCode(dev.uri, 'deprecated-field');
    assert.equal(found[0]?.range.start.line, line);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      dev.uri,
      found[0]?.range ?? new vscode.Range(line, 0, line, 0),
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => action.title === 'Move bases entries to resources');
    assert.ok(
      fix?.edit,
      `no bases quick fix among: ${actions.map((action) => action.title).join(', ')}`,
    );
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the quick fix was not applied');

    const expected = savedDev.replace(
      'resources:\n',
      'resources:\n  # shared objects of every environment\n',
    );
    assert.equal(dev.getText(), expected);
    assert.match(
      dev.getText(),
      /^# The CI pipeline rewrites this tag after every build of main:$/m,
    );
    const after = await waitForCode(dev.uri, 'deprecated-field', false);
    assert.deepEqual(after, []);
  });

  it('checks files that are not open', async () => {
    const qaFile = api.model().findEnvironment('02-qa')?.kustomizationFile ?? '';
    const qa = vscode.Uri.file(qaFile);
    const isOpen = vscode.workspace.textDocuments.some(
      (document) => document.uri.fsPath === qaFile,
    );
    assert.equal(isOpen, false, '02-qa must not be open for this test');
    const saved = fs.readFileSync(qaFile, 'utf8');

    try {
      fs.writeFileSync(qaFile, saved.replace(/newTag: .*/, 'newTag: 2.0'));
      const found = await waitForCode(qa, 'image-tag-not-string');
      const tagLine = saved.split('\n').findIndex((candidate) => candidate.includes('newTag:'));
      assert.equal(found[0]?.range.start.line, tagLine);
    } finally {
      execFileSync('git', ['checkout', '--', path.basename(path.dirname(qaFile))], {
        cwd: path.dirname(path.dirname(qaFile)),
      });
    }
    const after = await waitForCode(qa, 'image-tag-not-string', false);
    assert.deepEqual(after, []);
  });

  it('hover lists the target objects', async () => {
    const production = api.model().findEnvironment('03-production');
    assert.ok(production, 'no 03-production environment');
    const document = await vscode.workspace.openTextDocument(production.kustomizationFile);
    const line = lineContaining(document, 'kind: Service');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(line, 8),
    );
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');

    assert.match(text, /Target selects 1 object\b/);
    assert.match(text, /- Service tracker-api \(namespace tracker-prod\)/);
  });
});
