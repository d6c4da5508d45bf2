import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/drift';
import { trackingLabel } from '../../src/core/drift';
import type { ApplicationSource } from '../../src/cluster';
import { ClusterContext, applyObject, getObject, syncApplication } from '../../src/cluster';
import {
  configMaps,
  controlPlane,
  controlPlaneDir,
  openCluster,
  skipReason,
  uniqueName,
} from './support';

function manyConfigMaps(namespace: string, count: number): JsonObject[] {
  const manifests: JsonObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  ];
  for (let index = 0; index < count; index++) {
    manifests.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `settings-${index}`, namespace },
      data: { index: String(index) },
    });
  }
  return manifests;
}

const restartSkip =
  skipReason || (controlPlaneDir === undefined ? 'GITOPS_CONTROL_PLANE_DIR is not set' : false);

describe('API server restart during sync', { skip: restartSkip }, () => {
  async function seedExtraneous(
    cluster: ClusterContext,
    app: ApplicationSource,
  ): Promise<JsonObject> {
    const leftover: JsonObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'leftover', namespace: app.name, labels: { [trackingLabel]: app.name } },
    };
    await applyObject(cluster.connection, configMaps, leftover, { force: true });
    return leftover;
  }

  /** Holds every request issued after `gate` is set until it settles, so the server is really gone. */
  function gateRequests(cluster: ClusterContext, gate: () => Promise<void> | undefined): void {
    const connection = cluster.connection;
    const send = connection.request.bind(connection);
    connection.request = async (request) => {
      await gate()?.catch(() => undefined);
      return send(request);
    };
  }

  async function exists(
    cluster: ClusterContext,
    namespace: string,
    name: string,
  ): Promise<boolean> {
    const key = { group: '', version: 'v1', kind: 'ConfigMap', namespace, name };
    return (await getObject(cluster.connection, configMaps, key)) !== undefined;
  }

  it('retries until the server is back', async () => {
    const namespace = uniqueName('restart-retry');
    const setup = await openCluster();
    const app: ApplicationSource = { name: namespace, manifests: manyConfigMaps(namespace, 60) };
    await syncApplication(setup, { ...app, manifests: app.manifests.slice(0, 1) });
    await seedExtraneous(setup, app);

    let created = 0;
    let stopped: Promise<void> | undefined;
    let restart: Promise<void> | undefined;
    const retries: string[] = [];
    gateRequests(setup, () => stopped);
    const cluster = new ClusterContext(setup.connection, { baseDelayMs: 500 }, (message) => {
      if (message.includes('retrying')) {
        retries.push(message);
      }
      if (message.endsWith(' created') && ++created === 10) {
        stopped = controlPlane('stop-apiserver');
        restart = stopped.then(() => controlPlane('start-apiserver'));
      }
    });

    try {
      const result = await syncApplication(cluster, app, { prune: true });
      await restart;

      assert.equal(
        result.phase,
        'Succeeded',
        JSON.stringify(result.resources.filter((item) => item.message)),
      );
      assert.ok(retries.length > 0, 'no request was retried');
      assert.deepEqual(
        result.resources.filter((item) => item.action === 'pruned').map((item) => item.key.name),
        ['leftover'],
      );
      assert.equal(await exists(cluster, namespace, 'settings-59'), true);
    } finally {
      await restart;
      setup.connection.close();
    }
  });

  it('skips prune after failed applies', async () => {
    const namespace = uniqueName('restart-fail');
    const setup = await openCluster();
    const app: ApplicationSource = { name: namespace, manifests: manyConfigMaps(namespace, 40) };
    await syncApplication(setup, { ...app, manifests: app.manifests.slice(0, 1) });
    await seedExtraneous(setup, app);

    let created = 0;
    let stopped: Promise<void> | undefined;
    gateRequests(setup, () => stopped);
    const cluster = new ClusterContext(
      setup.connection,
      { baseDelayMs: 50, retries: 1 },
      (message) => {
        if (message.endsWith(' created') && ++created === 5) {
          stopped = controlPlane('stop-apiserver');
        }
      },
    );

    try {
      const result = await syncApplication(cluster, app, { prune: true });
      await stopped;

      assert.equal(result.phase, 'Failed');
      assert.ok(result.resources.some((item) => item.action === 'failed'));
      assert.equal(
        result.resources.some((item) => item.action === 'pruned'),
        false,
      );
    } finally {
      await stopped;
      await controlPlane('start-apiserver');
    }
    stopped = undefined;
    assert.equal(await exists(setup, namespace, 'leftover'), true);
    setup.connection.close();
  });
});
