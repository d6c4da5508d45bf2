import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findOnPath } from '../../../src/core/render/engine';
import { commandIds } from '../../../src/extension/ids';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import { gitopsApi, isExampleWorkspace, restore, waitFor } from './gitopsHelpers';

/** Generous bound for a render on a slow machine; the preview itself waits 200 ms after an edit. */
const updateTimeoutMs = 15_000;

function previewDocument(api: GitOpsTestApi, dir: string): vscode.TextDocument | undefined {
  const uri = api.previewUriFor(dir).toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
}

/** Waits until the preview of `dir` shows text that `accept` accepts, and returns that text. */
function waitForPreview(api: GitOpsTestApi, dir: string, accept: (text: string) => boolean) {
  return waitFor(() => previewDocument(api, dir)?.getText() ?? '', accept, updateTimeoutMs);
}

function lineContaining(document: vscode.TextDocument, needle: string): number {
  const line = document
    .getText()
    .split('\n')
    .findIndex((candidate) => candidate.includes(needle));
  assert.notEqual(line, -1, `no line with ${needle} in ${document.uri.fsPath}`);
  return line;
}

describe('Kustomize preview', function () {
  let api: GitOpsTestApi;
  let devDir: string;
  let kustomization: vscode.TextDocument;
  let savedText: string;

  before(async function () {
    api = await gitopsApi();
    const dev = api.model().findEnvironment('01-dev');
    if (!isExampleWorkspace(api) || dev === undefined) {
      console.log('preview tests skipped: the open workspace is not the parcel-tracker example');
      this.skip();
    }
    if (findOnPath('kustomize') === undefined && findOnPath('kubectl') === undefined) {
      console.log('preview tests skipped: neither kustomize nor kubectl is on PATH');
      this.skip();
    }
    devDir = dev.dir;
    kustomization = await vscode.workspace.openTextDocument(dev.kustomizationFile);
    savedText = kustomization.getText();
  });

  afterEach(async () => {
    await restore(kustomization, savedText);
  });

  it('opens beside with the rendered output', async () => {
    await vscode.commands.executeCommand(commandIds.openPreview, devDir);

    const text = await waitForPreview(api, devDir, (value) => value.includes('kind: Deployment'));

    assert.match(text, /kind: Deployment/);
    assert.match(text, /image: registry\.example\.test\/parcel\/tracker-api:9f3e2d1-p4m8q/);
    assert.equal(previewDocument(api, devDir)?.languageId, 'yaml');
  });

  it('opens in the active group without editors', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(
      commandIds.openPreview,
      devDir,
    );

    assert.equal(editor.viewColumn, vscode.ViewColumn.One);
    assert.equal(vscode.window.tabGroups.all.length, 1);
  });

  it('follows an unsaved edit', async () => {
    await vscode.commands.executeCommand(commandIds.openPreview, devDir);
    await waitForPreview(api, devDir, (value) => value.includes('kind:'));

    const edit = new vscode.WorkspaceEdit();
    const range = kustomization.lineAt(lineContaining(kustomization, 'newTag:')).range;
    edit.replace(kustomization.uri, range, '    newTag: unsaved-edit-1');
    const started = Date.now();
    let providerUpdatedMs: number | undefined;
    const subscription = api.session.preview.onDidChange(() => {
      providerUpdatedMs ??= Date.now() - started;
    });
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');

    const text = await waitForPreview(api, devDir, (value) => value.includes(':unsaved-edit-1'));
    subscription.dispose();
    const documentMs = Date.now() - started;
    console.log(
      `unsaved edit: preview text ready after ${providerUpdatedMs} ms, ` +
        `document updated after ${documentMs} ms`,
    );

    assert.ok(kustomization.isDirty, 'the kustomization was saved');
    assert.match(text, /image: registry\.example\.test\/parcel\/tracker-api:unsaved-edit-1/);
  });

  it('shows a render error in place', async () => {
    await vscode.commands.executeCommand(commandIds.openPreview, devDir);
    await waitForPreview(api, devDir, (value) => value.includes('kind:'));

    const edit = new vscode.WorkspaceEdit();
    const line = lineContaining(kustomization, '- ../base');
    edit.insert(kustomization.uri, new vscode.Position(line + 1, 0), '  - missing-manifest.yaml\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');

    const text = await waitForPreview(api, devDir, (value) => value.startsWith('# Rendering'));

    assert.match(text, /^# Rendering .*01-dev failed\./);
    assert.match(text, /^# File: .*kustomization\.yaml/m);
    assert.match(text, /missing-manifest\.yaml/);
  });

  it('recovers after the edit is reverted', async () => {
    await vscode.commands.executeCommand(commandIds.openPreview, devDir);

    const text = await waitForPreview(api, devDir, (value) => /^(apiVersion|kind):/.test(value));

    assert.match(text, /tracker-api:9f3e2d1-p4m8q/);
  });
});
