import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import type { ApplicationNode } from '../../../src/extension/trees/applicationNodes';
import type { EnvironmentNode } from '../../../src/extension/trees/environmentNodes';
import { exampleEnvironments, gitopsApi, isExampleWorkspace } from './gitopsHelpers';

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function childOfType(
  api: GitOpsTestApi,
  parent: EnvironmentNode,
  type: EnvironmentNode['type'],
) {
  const children = await api.environmentsTree.getChildren(parent);
  const child = children.find((node) => node.type === type);
  assert.ok(child, `no ${type} node under ${parent.type}`);
  return child;
}

async function environmentNode(api: GitOpsTestApi, name: string): Promise<EnvironmentNode> {
  const nodes = await api.environmentsTree.getChildren();
  const node = nodes.find((candidate) => {
    return candidate.type === 'environment' && candidate.environment.name === name;
  });
  assert.ok(node, `environment ${name} is not in the Environments view`);
  return node;
}

describe('Environments view', function () {
  let api: GitOpsTestApi;

  before(async function () {
    api = await gitopsApi();
    if (!isExampleWorkspace(api)) {
      console.log(
        'Environments view tests skipped: the open workspace is not the parcel-tracker example',
      );
      this.skip();
    }
  });

  it('lists environments in promotion order', async () => {
    const nodes = await api.environmentsTree.getChildren();
    const labels = nodes.map((node) => labelOf(api.environmentsTree.getTreeItem(node)));

    assert.deepEqual(labels, exampleEnvironments);
  });

  it('gives environments stable ids', async () => {
    const first = await api.environmentsTree.getChildren();
    const second = await api.environmentsTree.getChildren();

    const ids = (nodes: EnvironmentNode[]) =>
      nodes.map((node) => api.environmentsTree.getTreeItem(node).id);
    assert.deepEqual(ids(first), ids(second));
  });

  it('lists the image tag of dev', async () => {
    const dev = await environmentNode(api, '01-dev');
    const images = await childOfType(api, dev, 'images');

    const entries = await api.environmentsTree.getChildren(images);
    const items = entries
      .filter((node) => node.type === 'image')
      .map((node) => api.environmentsTree.getTreeItem(node));

    assert.equal(items.length, 1);
    const item = items[0] ?? new vscode.TreeItem('');
    assert.equal(labelOf(item), 'tracker-api');
    assert.match(String(item.description), /^9f3e2d1-p4m8q · images: entry/);
    assert.match(String(item.tooltip), /registry\.example\.test\/parcel\/tracker-api/);
  });

  it('merges the rendered image into its entry', async function () {
    if (!api.session.renders.enabled) {
      this.skip();
    }
    const dev = await environmentNode(api, '01-dev');
    if (dev.type !== 'environment') {
      assert.fail('01-dev is not an environment node');
    }
    const result = await api.session.renders.render(dev.environment.dir);
    assert.ok(result.ok, 'rendering 01-dev failed');
    const images = await childOfType(api, dev, 'images');

    const nodes = await api.environmentsTree.getChildren(images);
    const rows = nodes.map((node) => {
      const item = api.environmentsTree.getTreeItem(node);
      return `${node.type} ${labelOf(item)} | ${String(item.description)}`;
    });

    assert.deepEqual(rows, ['image tracker-api | 9f3e2d1-p4m8q · images: entry, rendered']);
  });

  it('draws resource kinds in the neutral icon colour', async function () {
    if (!api.session.renders.enabled) {
      this.skip();
    }
    const dev = await environmentNode(api, '01-dev');
    const resources = await childOfType(api, dev, 'resources');

    const kinds = await api.environmentsTree.getChildren(resources);
    const icons = kinds.map((node) => api.environmentsTree.getTreeItem(node).iconPath);

    assert.ok(icons.length > 0, 'no resource kinds');
    for (const icon of icons) {
      assert.ok(icon instanceof vscode.ThemeIcon, 'kind icon is not a theme icon');
      assert.equal(icon.id, 'symbol-namespace');
      assert.equal(icon.color?.id, 'icon.foreground');
    }
  });

  it('lists the Application deploying dev', async () => {
    const dev = await environmentNode(api, '01-dev');
    const group = await childOfType(api, dev, 'applications');

    const applications = await api.environmentsTree.getChildren(group);
    const names = applications.flatMap((node) =>
      node.type === 'application' ? [node.application.name] : [],
    );

    assert.deepEqual(names, ['tracker-dev']);
  });

  it('groups rendered resources by kind', async function () {
    if (!api.session.renders.enabled) {
      this.skip();
    }
    const dev = await environmentNode(api, '01-dev');
    const resources = await childOfType(api, dev, 'resources');

    const kinds = await api.environmentsTree.getChildren(resources);
    const labels = kinds.map((node) => labelOf(api.environmentsTree.getTreeItem(node)));

    assert.ok(labels.includes('Deployment'), `kinds: ${labels.join(', ')}`);
    assert.ok(labels.includes('Service'), `kinds: ${labels.join(', ')}`);
  });
});

describe('Applications view', function () {
  let api: GitOpsTestApi;

  before(async function () {
    api = await gitopsApi();
    if (!isExampleWorkspace(api)) {
      this.skip();
    }
  });

  function applicationNames(nodes: ApplicationNode[]): string[] {
    return nodes.flatMap((node) => (node.type === 'application' ? [node.application.name] : []));
  }

  it('shows the root Application at the top', () => {
    const top = api.applicationsTree.getChildren();

    assert.deepEqual(applicationNames(top), ['tracker-root']);
  });

  it('nests children under the root, not itself', () => {
    const root = api.applicationsTree.getChildren()[0];
    assert.ok(root);

    const children = applicationNames(api.applicationsTree.getChildren(root));

    assert.ok(children.includes('tracker-dev'), `children: ${children.join(', ')}`);
    assert.ok(!children.includes('tracker-root'), 'tracker-root lists itself as a child');
  });

  it('links dev to its environment', () => {
    const root = api.applicationsTree.getChildren()[0];
    assert.ok(root);
    const dev = api.applicationsTree.getChildren(root).find((node) => {
      return node.type === 'application' && node.application.name === 'tracker-dev';
    });
    assert.ok(dev, 'tracker-dev is not under tracker-root');

    const details = api.applicationsTree.getChildren(dev);
    const link = details.find((node) => node.type === 'environmentLink');
    const policy = details.find((node) => node.type === 'syncPolicy');

    assert.equal(link?.type === 'environmentLink' ? link.environment.name : undefined, '01-dev');
    assert.ok(policy, 'no sync policy node');
    const description = api.applicationsTree.getTreeItem(policy).description;
    assert.equal(description, 'automated (prune, self-heal); CreateNamespace=true');
  });

  it('rebuilds the catalog once per reload', async () => {
    let rebuilds = 0;
    // File events left by earlier tests can change the model during the reload too; each model
    // change may cause at most one rebuild, and the reload itself exactly one.
    let modelChanges = 0;
    const subscriptions = [
      api.session.catalog.onDidChange(() => rebuilds++),
      api.session.workspace.onDidChange(() => modelChanges++),
    ];

    try {
      await api.session.reload();
      await api.session.catalog.settled();
    } finally {
      subscriptions.forEach((subscription) => subscription.dispose());
    }

    assert.ok(rebuilds >= 1, 'the reload did not rebuild the catalog');
    assert.ok(rebuilds <= modelChanges, `${rebuilds} rebuilds for ${modelChanges} model changes`);
  });

  it('refreshes no rows after an unchanged rebuild', async () => {
    const root = api.applicationsTree.getChildren()[0];
    assert.ok(root);
    api.applicationsTree.getTreeItem(root);
    for (const child of api.applicationsTree.getChildren(root)) {
      api.applicationsTree.getTreeItem(child);
    }
    const fired: unknown[] = [];
    const subscription = api.applicationsTree.onDidChangeTreeData((node) => fired.push(node));

    try {
      await api.session.catalog.refresh();
    } finally {
      subscription.dispose();
    }

    assert.deepEqual(fired, []);
  });

  it('groups the AppProject', () => {
    const top = api.applicationsTree.getChildren();
    const group = top.find((node) => node.type === 'group' && node.group === 'projects');
    assert.ok(group, 'no AppProjects group');

    const projects = api.applicationsTree.getChildren(group);

    const names = projects.map((node) => (node.type === 'project' ? node.project.name : ''));
    assert.deepEqual(names, ['parcel']);
  });
});
