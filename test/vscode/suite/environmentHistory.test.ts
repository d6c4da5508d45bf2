import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import type { EnvironmentNode } from '../../../src/extension/trees/environmentNodes';
import { gitopsApi, isExampleWorkspace } from './gitopsHelpers';

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function historySection(api: GitOpsTestApi, name: string): Promise<EnvironmentNode> {
  const tree = api.environmentsTree;
  const environment = (await tree.getChildren()).find((node) => {
    return node.type === 'environment' && node.environment.name === name;
  });
  assert.ok(environment, `environment ${name} is not in the Environments view`);

  const sections = await tree.getChildren(environment);
  const history = sections.find((node) => labelOf(tree.getTreeItem(node)) === 'History');
  const labels = sections.map((node) => labelOf(tree.getTreeItem(node)));
  assert.ok(history, `no History node under ${name}; sections: ${labels.join(', ')}`);
  return history;
}

describe('Environments view history', function () {
  let api: GitOpsTestApi;

  before(async function () {
    api = await gitopsApi();
    if (!isExampleWorkspace(api)) {
      console.log(
        'history node tests skipped: the open workspace is not the parcel-tracker example',
      );
      this.skip();
    }
  });

  it('follows the built-in groups', async () => {
    const tree = api.environmentsTree;
    const dev = (await tree.getChildren()).find((node) => node.type === 'environment');
    assert.ok(dev);

    const labels = (await tree.getChildren(dev)).map((node) => labelOf(tree.getTreeItem(node)));

    assert.deepEqual(labels, ['Images', 'Applications', 'Resources', 'History']);
  });

  it('lists tag changes newest first', async () => {
    const tree = api.environmentsTree;
    const changes = await tree.getChildren(await historySection(api, '01-dev'));
    const items = changes.map((node) => tree.getTreeItem(node));

    assert.ok(items.length >= 2, `only ${items.length} history nodes under 01-dev`);
    assert.equal(labelOf(items[0] ?? {}), '9f3e2d1-p4m8q');
    assert.equal(items[0]?.contextValue, 'gitops.tagChange');
    assert.equal(new Set(items.map((item) => item.id)).size, items.length, 'duplicate item ids');
  });

  it('gives change nodes rollback arguments', async () => {
    const changes = await api.environmentsTree.getChildren(await historySection(api, '02-qa'));
    const first = changes[0] as unknown as Record<string, unknown>;

    const environment = first['environment'] as { name?: string } | undefined;
    const change = first['change'] as { newTag?: string; commit?: string } | undefined;
    assert.equal(environment?.name, '02-qa');
    assert.equal(typeof change?.commit, 'string');
    assert.equal(change?.newTag, 'a1b2c3d-x7k2p');
  });
});
