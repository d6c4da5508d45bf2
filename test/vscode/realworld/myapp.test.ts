import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findOnPath } from '../../../src/core/render/engine';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import { commandIds } from '../../../src/extension/ids';
import type { ApplicationNode } from '../../../src/extension/trees/applicationNodes';
import { gitopsApi, waitFor } from '../suite/gitopsHelpers';

/** Bound for a background render or lint on a slow, busy machine. */
const timeoutMs = 30_000;

function applicationNames(nodes: readonly ApplicationNode[]): string[] {
  return nodes.flatMap((node) => (node.type === 'application' ? [node.application.name] : []));
}

function environment(api: GitOpsTestApi, name: string) {
  const found = api.model().findEnvironment(name);
  assert.ok(found, `environment ${name} not found`);
  return found;
}

describe('myapp repositories', function () {
  let api: GitOpsTestApi;

  before(async function () {
    api = await gitopsApi();
    if (api.model().findEnvironment('03-production')?.dir.includes('myapp-cd') !== true) {
      console.log('myapp tests skipped: open the workspace made by scripts/real-world.sh');
      this.skip();
    }
  });

  it('lists the three environments in order', () => {
    const names = api
      .model()
      .environments()
      .map((candidate) => candidate.name);

    assert.deepEqual(names, ['01-dev', '02-qa', '03-production']);
  });

  it('nests the Applications under the root', async () => {
    await api.session.catalog.settled();
    const top = api.applicationsTree.getChildren();
    const root = top.find((node) => {
      return node.type === 'application' && node.application.name === 'myapp-argo-app';
    });
    assert.ok(root, `top level: ${applicationNames(top).join(', ')}`);

    const children = applicationNames(api.applicationsTree.getChildren(root));

    assert.ok(children.includes('myapp-cd-qa'), `children: ${children.join(', ')}`);
    assert.ok(!children.includes('myapp-argo-app'), 'the root lists itself as a child');
  });

  it('previews the dev overlay', async function () {
    if (findOnPath('kustomize') === undefined && findOnPath('kubectl') === undefined) {
      this.skip();
    }
    const dev = environment(api, '01-dev');
    await vscode.commands.executeCommand(commandIds.openPreview, dev.dir);
    const uri = api.previewUriFor(dev.dir).toString();
    const read = () => {
      const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri);
      return document?.getText() ?? '';
    };

    const text = await waitFor(read, (value) => value.includes('kind: Deployment'), timeoutMs);

    assert.match(text, /namespace: myapp-development/);
    assert.match(text, /myapp-ci\/myapp-runtime/);
  });

  it('marks the mistyped JSON patch op in production', async () => {
    const production = environment(api, '03-production');
    const uri = vscode.Uri.file(production.kustomizationFile);
    const read = () => {
      return vscode.languages
        .getDiagnostics(uri)
        .filter((found) => found.code === 'unknown-patch-op');
    };

    const found = await waitFor(read, (list) => list.length > 0, timeoutMs);

    assert.equal(found[0]?.range.start.line, 12);
    assert.match(found[0]?.message ?? '', /replace/);
  });
});
