import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { findOnPath } from '../../../src/core/render/engine';
import { commandIds } from '../../../src/extension/ids';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import type { SetImageTagResult } from '../../../src/extension/release/setImageTag';
import { gitopsApi, isExampleWorkspace, restore, waitFor } from './gitopsHelpers';

const updateTimeoutMs = 15_000;
const image = 'registry.example.test/parcel/tracker-api';

describe('Invalid input in 02-qa', function () {
  let api: GitOpsTestApi;
  let qaDir: string;
  let document: vscode.TextDocument;
  let savedText: string;

  before(async function () {
    api = await gitopsApi();
    const qa = api.model().findEnvironment('02-qa');
    if (!isExampleWorkspace(api) || qa === undefined) {
      console.log('invalid input tests skipped: the workspace is not the parcel-tracker example');
      this.skip();
    }
    if (findOnPath('kustomize') === undefined && findOnPath('kubectl') === undefined) {
      console.log('invalid input tests skipped: neither kustomize nor kubectl is on PATH');
      this.skip();
    }
    qaDir = qa.dir;
    document = await vscode.workspace.openTextDocument(qa.kustomizationFile);
    savedText = document.getText();
  });

  afterEach(async () => {
    await restore(document, savedText);
  });

  const previewText = (): string => {
    const uri = api.previewUriFor(qaDir).toString();
    const preview = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri);
    return preview?.getText() ?? '';
  };

  it('preview names file and line of a YAML error', async () => {
    await vscode.commands.executeCommand(commandIds.openPreview, qaDir);
    await waitFor(previewText, (text) => text.includes('kind:'), updateTimeoutMs);

    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), 'resources: [unclosed\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');
    const text = await waitFor(previewText, (value) => value.startsWith('# Rendering'), 15_000);

    assert.match(text, /^# Rendering .*02-qa failed\./);
    assert.match(text, /^# File: .*02-qa\/kustomization\.yaml:1$/m);
    assert.match(text, /yaml: line 1: did not find expected/);
  });

  it('preview recovers after the fix', async () => {
    await vscode.commands.executeCommand(commandIds.openPreview, qaDir);

    const text = await waitFor(previewText, (value) => /^(apiVersion|kind):/.test(value), 15_000);

    assert.match(text, /tracker-api:/);
  });

  it('set tag keeps unsaved edits elsewhere', async () => {
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '# draft note\n');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit was not applied');

    const result = await vscode.commands.executeCommand<SetImageTagResult>('gitops.setImageTag', {
      environment: '02-qa',
      image,
      tag: '2c2c2c2-vwxyz',
      acceptWarnings: true,
    });

    assert.equal(result.writtenTo, 'buffer');
    assert.match(document.getText(), /^# draft note\n/);
    assert.match(document.getText(), /newTag: 2c2c2c2-vwxyz/);
    assert.equal(fs.readFileSync(document.uri.fsPath, 'utf8'), savedText);
  });
});
