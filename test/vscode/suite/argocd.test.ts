import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ArgoCdStatus } from '../../../src/core/argocd/summary';
import type { ResolvedApplication } from '../../../src/core/argo/resolve';
import { argoCdTreeStatus } from '../../../src/extension/agent/agentTreeStatus';
import type { ArgoCdMode } from '../../../src/extension/argocd/registerArgoCdMode';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import type { ApplicationNode } from '../../../src/extension/trees/applicationNodes';
import { gitopsApi, isExampleWorkspace, waitFor } from './gitopsHelpers';

const modeTimeoutMs = 10_000;

/** An Argo CD mode that reports `Synced · Healthy` for the Applications named in `managed`. */
class FakeArgoCdMode implements ArgoCdMode {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  managed = new Set<string>();

  isManagedByArgoCd(): boolean {
    return false;
  }

  statusFor(application: ResolvedApplication): ArgoCdStatus | undefined {
    if (!this.managed.has(application.name)) {
      return undefined;
    }
    const tooltip = `Argo CD syncs ${application.name}`;
    const status = { description: 'Synced · Healthy', tooltip, severity: 'ok' as const };
    return { ...status, live: {} as ArgoCdStatus['live'], relation: undefined };
  }

  state() {
    const statusBar = { visible: false, text: '', tooltip: '' };
    return { active: true, reason: 'fake', connected: false, statusBar };
  }

  fire(): void {
    this.changeEmitter.fire();
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}

function applicationNamed(nodes: readonly ApplicationNode[], name: string) {
  return nodes.find((node) => node.type === 'application' && node.application.name === name);
}

describe('Argo CD mode', function () {
  let api: GitOpsTestApi;

  before(async () => {
    api = await gitopsApi();
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);

    for (const id of ['gitops.argocd.sync', 'gitops.argocd.refresh', 'gitops.argocd.open']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  it('stays off and unconnected when turned off', async () => {
    const config = vscode.workspace.getConfiguration('gitops');
    await config.update('argocd.mode', 'off', vscode.ConfigurationTarget.Global);

    try {
      const state = await waitFor(
        () => api.argoCd.state(),
        (value) => value.reason.includes('off'),
        modeTimeoutMs,
      );

      assert.equal(state.active, false);
      assert.equal(state.reason, 'gitops.argocd.mode is off');
      assert.equal(state.connected, false);
      assert.equal(state.statusBar.visible, false);
      assert.equal(state.statusBar.tooltip, 'Argo CD mode is off: gitops.argocd.mode is off');
    } finally {
      await config.update('argocd.mode', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('shows a provider status on its Application', async function () {
    if (!isExampleWorkspace(api)) {
      this.skip();
    }
    const fake = new FakeArgoCdMode();
    const registration = api.applicationsTree.addStatusProvider(argoCdTreeStatus(fake));
    const root = api.applicationsTree.getChildren()[0];
    assert.ok(root, 'the Applications view is empty');
    const dev = applicationNamed(api.applicationsTree.getChildren(root), 'tracker-dev');
    assert.ok(dev, 'tracker-dev is not under the root Application');
    const before = api.applicationsTree.getTreeItem(dev);
    const fired: (ApplicationNode | undefined)[] = [];
    const subscription = api.applicationsTree.onDidChangeTreeData((node) => fired.push(node));

    try {
      fake.managed.add('tracker-dev');
      fake.fire();
      const after = api.applicationsTree.getTreeItem(dev);

      assert.doesNotMatch(String(before.description), /Argo CD/);
      assert.match(String(after.description), /Argo CD: Synced · Healthy$/);
      assert.match(String(after.tooltip), /Argo CD syncs tracker-dev/);
      assert.deepEqual(fired, [dev]);
    } finally {
      subscription.dispose();
      registration.dispose();
      fake.dispose();
    }
  });
});
