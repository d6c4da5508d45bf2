import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/drift';
import { trackingLabel } from '../../src/core/drift';
import type { ClusterContext } from '../../src/cluster';
import { applyObject, diffApplication, getObject, syncApplication } from '../../src/cluster';
import {
  configMaps,
  inNamespace,
  mergePatch,
  openCluster,
  renderFixture,
  skipReason,
  source,
  uniqueName,
} from './support';

function configMap(
  namespace: string,
  name: string,
  labels: JsonObject = {},
  annotations: JsonObject = {},
): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels, annotations },
    data: { a: 'b' },
  };
}

function renameConfigMap(manifest: JsonObject, name: string): JsonObject {
  if (manifest['kind'] !== 'ConfigMap') {
    return manifest;
  }
  const copy = structuredClone(manifest);
  (copy['metadata'] as JsonObject)['name'] = name;
  return copy;
}

/** Changes the tag of the first container, a field that a live edit may own. */
function withImageTag(manifest: JsonObject, tag: string): JsonObject {
  const copy = structuredClone(manifest) as {
    spec: { template: { spec: { containers: JsonObject[] } } };
  };
  const container = copy.spec.template.spec.containers[0] as JsonObject;
  container['image'] = `registry.example.org/storefront/web:${tag}`;
  return copy as unknown as JsonObject;
}

describe('prune on a real API server', { skip: skipReason }, () => {
  let cluster: ClusterContext;
  let manifests: JsonObject[];

  before(async () => {
    cluster = await openCluster();
    manifests = await renderFixture('shop', 'overlay');
  });

  after(() => cluster?.connection.close());

  async function exists(namespace: string, name: string): Promise<boolean> {
    const key = { group: '', version: 'v1', kind: 'ConfigMap', namespace, name };
    return (await getObject(cluster.connection, configMaps, key)) !== undefined;
  }

  async function seed(namespace: string): Promise<void> {
    const others = [
      configMap(namespace, 'untracked'),
      configMap(namespace, 'other-app', { [trackingLabel]: 'someone-else' }),
    ];
    for (const object of others) {
      await applyObject(cluster.connection, configMaps, object, { force: true });
    }
  }

  it('removes only tracked objects', async () => {
    const namespace = uniqueName('prune-tracked');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });
    await seed(namespace);

    const reduced = {
      ...app,
      manifests: app.manifests.filter((item) => item['kind'] !== 'ConfigMap'),
    };
    const before = await diffApplication(cluster, reduced);
    const result = await syncApplication(cluster, reduced, { prune: true });

    const extraneous = before.resources
      .filter((item) => item.status === 'Extraneous')
      .map((item) => item.key.name);
    assert.deepEqual(extraneous, ['web-settings']);
    const pruned = result.resources
      .filter((item) => item.action === 'pruned')
      .map((item) => item.key.name);
    assert.deepEqual(pruned, ['web-settings']);
    assert.equal(await exists(namespace, 'web-settings'), false);
    assert.equal(await exists(namespace, 'untracked'), true);
    assert.equal(await exists(namespace, 'other-app'), true);
  });

  it('prune runs after applies', async () => {
    const namespace = uniqueName('prune-last');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });

    const reduced = {
      ...app,
      manifests: app.manifests.filter((item) => item['kind'] !== 'ConfigMap'),
    };
    const result = await syncApplication(cluster, reduced, { prune: true });

    const last = result.resources[result.resources.length - 1];
    assert.equal(last?.action, 'pruned');
    assert.equal(last?.key.name, 'web-settings');
  });

  it('failed apply keeps the old ConfigMap', async () => {
    const namespace = uniqueName('prune-conflict');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });
    const deploymentPath = `/apis/apps/v1/namespaces/${namespace}/deployments/web`;
    const containers = [{ name: 'web', image: 'registry.example.org/storefront/web:hotfix' }];
    await mergePatch(cluster, deploymentPath, { spec: { template: { spec: { containers } } } });

    const renamed = app.manifests.map((item) => renameConfigMap(item, 'web-settings-2'));
    const changed = renamed.map((item) =>
      item['kind'] === 'Deployment' ? withImageTag(item, '1.2.0') : item,
    );
    const result = await syncApplication(cluster, { ...app, manifests: changed }, { prune: true });

    const deployment = result.resources.find((item) => item.key.kind === 'Deployment');
    const old = result.resources.find((item) => item.key.name === 'web-settings');
    assert.equal(result.phase, 'Failed');
    assert.equal(deployment?.action, 'failed');
    assert.match(deployment?.message ?? '', /409/);
    assert.equal(old?.action, 'skipped');
    assert.equal(await exists(namespace, 'web-settings'), true);
    assert.equal(await exists(namespace, 'web-settings-2'), true);
  });

  it('empty render prunes nothing', async () => {
    const namespace = uniqueName('prune-empty');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });

    const result = await syncApplication(cluster, { ...app, manifests: [] }, { prune: true });

    assert.deepEqual(result.resources, []);
    assert.equal(await exists(namespace, 'web-settings'), true);
  });

  it('empty render prunes when allowed', async () => {
    const namespace = uniqueName('prune-allowed');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });

    const result = await syncApplication(
      cluster,
      { ...app, manifests: [] },
      { prune: true, allowEmpty: true },
    );

    assert.equal(result.resources.length, 4);
    assert.ok(result.resources.every((item) => item.action === 'pruned'));
    assert.equal(await exists(namespace, 'web-settings'), false);
  });

  it('dry-run prune deletes nothing', async () => {
    const namespace = uniqueName('prune-dry');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });

    const reduced = {
      ...app,
      manifests: app.manifests.filter((item) => item['kind'] !== 'ConfigMap'),
    };
    const result = await syncApplication(cluster, reduced, { prune: true, dryRun: true });

    assert.ok(result.resources.some((item) => item.action === 'pruned'));
    assert.equal(await exists(namespace, 'web-settings'), true);
  });

  it('leaves objects of other trackers alone', async () => {
    const namespace = uniqueName('prune-foreign');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });
    const argoTracked = configMap(
      namespace,
      'web-settings',
      {},
      {
        'argocd.argoproj.io/tracking-id': 'shop:/ConfigMap:x/web-settings',
      },
    );
    await applyObject(cluster.connection, configMaps, argoTracked, { force: true });

    const refused = await syncApplication(cluster, app);
    const allowed = await syncApplication(cluster, app, { allowForeignTracked: true });

    const failed = refused.resources.find((item) => item.action === 'failed');
    assert.equal(refused.phase, 'Failed');
    assert.equal(failed?.key.name, 'web-settings');
    assert.match(failed?.message ?? '', /Argo CD Application "shop"/);
    assert.equal(allowed.phase, 'Succeeded');
  });
});
