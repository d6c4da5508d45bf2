import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import * as YAML from 'yaml';
import { lintWorkspace, Linter } from '../../src/core/lint/linter';
import { findOnPath } from '../../src/core/render/engine';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { fixturePath } from '../support/paths';

const fixture = fixturePath('lint', 'namespace-estimate');
const deployFolder = path.join(fixture, 'shop-deploy');
const noKubectlReason = findOnPath('kubectl') === undefined ? 'kubectl is not on PATH' : false;

/** `Kind name namespace` for each object, sorted, so two lists compare as sets. */
interface Placement {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

function placements(objects: readonly Placement[]): string[] {
  return objects.map((object) => `${object.kind} ${object.name} ${object.namespace ?? '-'}`).sort();
}

async function estimatedPlacements(overlay: string): Promise<string[]> {
  const model = new WorkspaceModel([deployFolder]);
  model.load();
  const result = await new Linter(model).lintRoot(path.join(deployFolder, 'overlays', overlay));
  assert.equal(result.rendered, false);
  return placements(result.objects);
}

function builtPlacements(overlay: string): string[] {
  // stderr is piped so kubectl's deprecation warning for patchesJson6902 stays out of the report.
  const dir = path.join(deployFolder, 'overlays', overlay);
  const yaml = execFileSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const objects = YAML.parseAllDocuments(yaml).map((document) => {
    const value = document.toJS() as { kind: string; metadata: Omit<Placement, 'kind'> };
    return { kind: value.kind, name: value.metadata.name, namespace: value.metadata.namespace };
  });
  return placements(objects);
}

describe('namespace estimate without a build', () => {
  it('applies JSON patches of the namespace', async () => {
    assert.deepEqual(await estimatedPlacements('prod'), [
      'ConfigMap cart-settings shop-prod',
      'Deployment cart shop-prod',
      'Service cart shop-prod',
      'ServiceAccount cart shop-prod',
    ]);
  });

  it('follows kustomize transformer order', async () => {
    assert.deepEqual(await estimatedPlacements('ordered'), [
      'ConfigMap cart-settings shop-config',
      'Deployment cart shop-staging',
      'Service cart shop-staging',
      'ServiceAccount cart -',
    ]);
  });

  for (const overlay of ['prod', 'ordered']) {
    it(`matches kubectl kustomize for ${overlay}`, { skip: noKubectlReason }, async () => {
      assert.deepEqual(await estimatedPlacements(overlay), builtPlacements(overlay));
    });
  }
});

describe('argo-namespace-mismatch without a build', () => {
  const created: string[] = [];
  after(() => created.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

  /** Copies the fixture and makes `shop-deploy` a clone whose origin the Application names. */
  function workspace(): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-namespace-estimate-'));
    created.push(folder);
    fs.cpSync(fixture, folder, { recursive: true });
    const git = path.join(folder, 'shop-deploy', '.git');
    fs.mkdirSync(git);
    const origin = 'https://git.example.com/retail/shop-deploy.git';
    fs.writeFileSync(path.join(git, 'config'), `[remote "origin"]\n\turl = ${origin}\n`);
    return folder;
  }

  async function mismatchMessage(): Promise<string> {
    const model = new WorkspaceModel([workspace()]);
    model.load();
    const diagnostics = await lintWorkspace(model);
    const code = 'argo-namespace-mismatch';
    const mismatches = diagnostics.filter((diagnostic) => diagnostic.code === code);
    assert.equal(mismatches.length, 1);
    return mismatches[0]?.message ?? '';
  }

  it('names the patched namespace', async () => {
    const message = await mismatchMessage();
    assert.match(message, /places 4 objects into shop-prod \(/);
    assert.doesNotMatch(message, /shop-dev\b/);
  });

  it('says the namespaces are estimated', async () => {
    assert.match(await mismatchMessage(), /\(not built, so estimated from its files/);
  });

  it('counts objects left off the list', async () => {
    const listed = /\(Deployment cart, Service cart, ConfigMap cart-settings and 1 more\)/;
    assert.match(await mismatchMessage(), listed);
  });
});
