import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/drift';
import type { ClusterContext, DiffReport } from '../../src/cluster';
import { diffApplication, objectPath, syncApplication } from '../../src/cluster';
import {
  configMaps,
  deployments,
  inNamespace,
  mergePatch,
  openCluster,
  renderFixture,
  skipReason,
  source,
  uniqueName,
} from './support';

function resource(report: DiffReport, kind: string) {
  const found = report.resources.find((candidate) => candidate.key.kind === kind);
  assert.ok(found, `no ${kind} in the report`);
  return found;
}

describe('diff and sync on a real API server', { skip: skipReason }, () => {
  let cluster: ClusterContext;
  let manifests: JsonObject[];

  before(async () => {
    cluster = await openCluster();
    manifests = await renderFixture('shop', 'overlay');
  });

  after(() => cluster?.connection.close());

  it('sync creates every object', async () => {
    const namespace = uniqueName('drift-sync');
    const app = source(namespace, inNamespace(manifests, namespace));

    const result = await syncApplication(cluster, app, { createNamespace: true });

    assert.equal(result.phase, 'Succeeded');
    const actions = result.resources.map((item) => `${item.key.kind}:${item.action}`);
    assert.deepEqual(actions, [
      'Namespace:created',
      'Secret:created',
      'ConfigMap:created',
      'Service:created',
      'Deployment:created',
    ]);
  });

  it('no drift right after sync', async () => {
    const namespace = uniqueName('drift-clean');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });

    const report = await diffApplication(cluster, app);

    assert.equal(report.status, 'Synced');
    for (const item of report.resources) {
      assert.deepEqual(item.differences, [], `${item.key.kind} ${item.key.name} differs`);
      assert.equal(item.error, undefined);
    }
  });

  it('diff before sync reports Missing', async () => {
    const namespace = uniqueName('drift-missing');
    const app = source(namespace, inNamespace(manifests, namespace));

    const report = await diffApplication(cluster, app);

    assert.equal(report.status, 'OutOfSync');
    assert.ok(report.resources.every((item) => item.status === 'Missing'));
    assert.equal(resource(report, 'Deployment').health?.status, 'Missing');
  });

  it('finds out-of-band edits, sync heals', async () => {
    const namespace = uniqueName('drift-edit');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });

    const deploymentPath = objectPath(deployments, namespace, 'web');
    await mergePatch(cluster, deploymentPath, {
      spec: {
        template: {
          metadata: {
            annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
          },
          spec: {
            containers: [{ name: 'web', image: 'registry.example.org/storefront/web:hotfix' }],
          },
        },
      },
    });
    await mergePatch(cluster, objectPath(configMaps, namespace, 'web-settings'), {
      data: { added: 'by hand' },
    });

    const drifted = await diffApplication(cluster, app);

    assert.equal(drifted.status, 'OutOfSync');
    assert.deepEqual(resource(drifted, 'Deployment').differences, [
      {
        path: '/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt',
        live: '2026-01-01T00:00:00Z',
      },
      {
        path: '/spec/template/spec/containers/0/image',
        live: 'registry.example.org/storefront/web:hotfix',
        desired: 'registry.example.org/storefront/web:1.1.0',
      },
    ]);
    assert.deepEqual(resource(drifted, 'ConfigMap').differences, [
      { path: '/data/added', live: 'by hand' },
    ]);

    const refused = await syncApplication(cluster, app);
    const failed = refused.resources.find((item) => item.action === 'failed');
    assert.equal(refused.phase, 'Failed');
    assert.equal(failed?.key.kind, 'Deployment');
    assert.doesNotMatch(failed?.message ?? '', /^Application /);
    assert.match(failed?.message ?? '', /409 Conflict/);

    const healed = await syncApplication(cluster, app, { force: true });
    assert.equal(healed.phase, 'Succeeded');
    assert.equal((await diffApplication(cluster, app)).status, 'Synced');
  });

  it('applies only out-of-sync objects', async () => {
    const namespace = uniqueName('drift-only');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });
    await mergePatch(cluster, objectPath(deployments, namespace, 'web'), { spec: { replicas: 3 } });

    const result = await syncApplication(cluster, app, { applyOutOfSyncOnly: true, force: true });

    const actions = result.resources.map((item) => `${item.key.kind}:${item.action}`);
    assert.deepEqual(actions, [
      'Secret:unchanged',
      'ConfigMap:unchanged',
      'Service:unchanged',
      'Deployment:configured',
    ]);
  });

  it('honours ignoreDifferences', async () => {
    const namespace = uniqueName('drift-ignore');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });
    await mergePatch(cluster, objectPath(deployments, namespace, 'web'), { spec: { replicas: 5 } });

    const plain = await diffApplication(cluster, app);
    const ignoring = await diffApplication(cluster, {
      ...app,
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
    });
    const byManager = await diffApplication(cluster, {
      ...app,
      ignoreDifferences: [
        { group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kubectl-edit'] },
      ],
    });

    assert.deepEqual(resource(plain, 'Deployment').differences, [
      { path: '/spec/replicas', live: 5, desired: 2 },
    ]);
    assert.equal(ignoring.status, 'Synced');
    assert.equal(byManager.status, 'Synced');
  });

  it('reports health from the status subresource', async () => {
    const namespace = uniqueName('drift-health');
    const app = source(namespace, inNamespace(manifests, namespace));
    await syncApplication(cluster, app, { createNamespace: true });
    const statusPath = objectPath(deployments, namespace, 'web') + '/status';
    const status = {
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
    };
    await mergePatch(cluster, statusPath, { status }, 'test-controller');

    const report = await diffApplication(cluster, app);

    assert.equal(resource(report, 'Deployment').health?.status, 'Healthy');
    assert.equal(report.status, 'Synced');
  });

  it('names the object when invalid', async () => {
    const namespace = uniqueName('drift-invalid');
    const invalid: JsonObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'broken', namespace },
      spec: { ports: [{ port: 99999 }] },
    };
    const app = source(namespace, [...inNamespace(manifests, namespace), invalid]);

    const result = await syncApplication(cluster, app, { createNamespace: true });
    const report = await diffApplication(cluster, app);

    const failed = result.resources.find((item) => item.action === 'failed');
    assert.equal(result.phase, 'Failed');
    assert.equal(failed?.key.name, 'broken');
    assert.doesNotMatch(failed?.message ?? '', /^Application /);
    assert.match(failed?.message ?? '', /422 Invalid/);
    assert.match(
      report.resources.find((item) => item.key.name === 'broken')?.error ?? '',
      /422 Invalid/,
    );
  });

  it('names the object when forbidden', async () => {
    const unprivileged = await openCluster('unprivileged');
    const app = source('drift-forbidden', inNamespace(manifests, 'drift-forbidden'));

    try {
      await assert.rejects(
        diffApplication(unprivileged, app),
        /Application "drift-forbidden": .* 403 Forbidden/,
      );
    } finally {
      unprivileged.connection.close();
    }
  });
});
