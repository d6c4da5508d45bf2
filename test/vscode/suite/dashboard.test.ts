import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId } from '../../../src/extension/ids';
import { dashboardViewType } from '../../../src/shared/dashboardProtocol';

const openTimeoutMs = 20_000;

/** Tabs showing the dashboard; the workbench prefixes webview view types with its own marker. */
function dashboardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter(
      (tab) =>
        tab.input instanceof vscode.TabInputWebview &&
        tab.input.viewType.endsWith(dashboardViewType),
    );
}

async function waitForDashboardTabs(count: number): Promise<vscode.Tab[]> {
  const deadline = Date.now() + openTimeoutMs;
  while (Date.now() < deadline) {
    const tabs = dashboardTabs();
    if (tabs.length === count) {
      return tabs;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return dashboardTabs();
}

describe('dashboard', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is not loaded`);
    await extension.activate();
  });

  after(async () => {
    await vscode.window.tabGroups.close(dashboardTabs());
  });

  it('opens from its command', async () => {
    await vscode.commands.executeCommand('gitops.openDashboard');

    const tabs = await waitForDashboardTabs(1);
    assert.equal(tabs.length, 1, 'no dashboard tab after GitOps: Open Dashboard');
    assert.equal(tabs[0]?.label, 'GitOps Dashboard');
  });

  it('reuses the open panel', async () => {
    await vscode.commands.executeCommand('gitops.openDashboard');
    await vscode.commands.executeCommand('gitops.openDashboard');

    const tabs = await waitForDashboardTabs(1);
    assert.equal(tabs.length, 1);
    assert.equal(tabs[0]?.isActive, true);
  });

  it('opens again after closing', async () => {
    await vscode.window.tabGroups.close(dashboardTabs());
    assert.equal((await waitForDashboardTabs(0)).length, 0);

    await vscode.commands.executeCommand('gitops.openDashboard');

    assert.equal((await waitForDashboardTabs(1)).length, 1);
  });
});
