import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId } from '../../../src/extension/ids';

const activationTimeoutMs = 30_000;

interface ContributedCommand {
  command: string;
}

async function waitForActivation(extension: vscode.Extension<unknown>): Promise<boolean> {
  const deadline = Date.now() + activationTimeoutMs;

  while (!extension.isActive && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return extension.isActive;
}

function requireExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded`);
  return extension;
}

describe('extension smoke', () => {
  it('is present in the extension host', () => {
    const extension = requireExtension();

    assert.equal(extension.packageJSON.name, 'gitops-workbench');
  });

  it('opens a workspace with a kustomization', async () => {
    const matches = await vscode.workspace.findFiles('**/kustomization.yaml', '**/node_modules/**');

    assert.ok(matches.length > 0, 'the test workspace holds no kustomization.yaml');
  });

  // The workspaceContains activation event, not an explicit activate() call, must start it.
  it('activates on its own', async () => {
    const extension = requireExtension();

    const active = await waitForActivation(extension);

    assert.ok(active, `extension not active ${activationTimeoutMs / 1000} s after start`);
  });

  it('registers every contributed command', async () => {
    const extension = requireExtension();
    const contributed: ContributedCommand[] = extension.packageJSON.contributes?.commands ?? [];
    await waitForActivation(extension);

    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((entry) => entry.command).filter((id) => !registered.has(id));

    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
