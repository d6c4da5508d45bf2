import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/drift';
import { quantitiesEqual } from '../../src/core/drift';
import type {
  ApplicationSource,
  ClusterContext,
  DiffReport,
  ResourceType,
} from '../../src/cluster';
import { diffApplication, getObject, objectPath, syncApplication } from '../../src/cluster';
import { fixturePath, missingSharedReason, sharedPath } from '../support/paths';
import {
  deployments,
  inNamespace,
  mergePatch,
  openCluster,
  parseObjects,
  skipReason,
  uniqueName,
} from './support';

const casesFolder = sharedPath('cases');
const skip = skipReason || (casesFolder === undefined ? missingSharedReason('cases') : false);

function readCase(name: string): JsonObject[] {
  return parseObjects(fs.readFileSync(path.join(casesFolder ?? '', name, 'desired.yaml'), 'utf8'));
}

function resource(report: DiffReport, kind: string) {
  const found = report.resources.find((candidate) => candidate.key.kind === kind);
  assert.ok(found, `no ${kind} in the report`);
  return found;
}

const type = (group: string, kind: string, resource: string): ResourceType => ({
  group,
  version: group === 'autoscaling' ? 'v2' : 'v1',
  kind,
  resource,
  namespaced: true,
  verbs: [],
});

/** Syncs a case's desired objects into a fresh namespace, as a first sync by this project would. */
async function syncCase(
  cluster: ClusterContext,
  folder: string,
  prefix: string,
  extra: JsonObject[] = [],
): Promise<ApplicationSource> {
  const namespace = uniqueName(prefix);
  const manifests = [...extra, ...inNamespace(readCase(folder), namespace)];
  const app = { name: namespace, namespace, manifests };
  // Extra objects are CRDs, which are cluster-wide, so an earlier run may already track them.
  const result = await syncApplication(cluster, app, {
    createNamespace: true,
    allowForeignTracked: extra.length > 0,
  });
  assert.equal(
    result.phase,
    'Succeeded',
    JSON.stringify(result.resources.filter((item) => item.message)),
  );
  return app;
}

describe('recorded drift cases on a real API server', { skip }, () => {
  let cluster: ClusterContext;

  before(async () => {
    cluster = await openCluster();
  });

  after(() => cluster?.connection.close());

  it('quantities: only the hand edit', async () => {
    const crd = parseObjects(
      fs.readFileSync(fixturePath('drift', 'crds', 'cachecluster.yaml'), 'utf8'),
    );
    const app = await syncCase(cluster, '27-drift-resource-quantities', 'case-quantities', crd);
    const namespace = app.namespace ?? '';
    const exporterLimit = {
      spec: {
        template: {
          spec: { containers: [{ name: 'exporter', resources: { limits: { memory: '2Gi' } } }] },
        },
      },
    };
    await mergePatch(
      cluster,
      objectPath(type('apps', 'StatefulSet', 'statefulsets'), namespace, 'db'),
      exporterLimit,
    );
    const rewrite = { spec: { resources: { requests: { memory: '512Mi' } } } };
    const caches = type('cache.example.com', 'CacheCluster', 'cacheclusters');
    await mergePatch(
      cluster,
      objectPath(caches, namespace, 'cache'),
      rewrite,
      'cache-operator',
      'merge',
    );

    const report = await diffApplication(cluster, app);

    const differences = resource(report, 'StatefulSet').differences;
    assert.equal(differences.length, 1, JSON.stringify(differences));
    assert.equal(differences[0]?.path, '/spec/template/spec/containers/1/resources/limits/memory');
    assert.equal(differences[0]?.live, '2Gi');
    assert.ok(
      quantitiesEqual(String(differences[0]?.desired), '1.5Gi'),
      String(differences[0]?.desired),
    );
    assert.equal(resource(report, 'CacheCluster').status, 'Synced');
  });

  it('autoscaled replicas survive sync', async () => {
    const app = await syncCase(cluster, '29-drift-hpa-managed-replicas', 'case-autoscaled');
    const namespace = app.namespace ?? '';
    const scalePath = objectPath(deployments, namespace, 'checkout') + '/scale';
    await mergePatch(
      cluster,
      scalePath,
      { spec: { replicas: 4 } },
      'kube-controller-manager',
      'merge',
    );
    const autoscalers = type('autoscaling', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers');
    await mergePatch(cluster, objectPath(autoscalers, namespace, 'checkout'), {
      spec: { maxReplicas: 20 },
    });

    const report = await diffApplication(cluster, app);

    assert.equal(resource(report, 'Deployment').status, 'Synced');
    assert.deepEqual(resource(report, 'HorizontalPodAutoscaler').differences, [
      { path: '/spec/maxReplicas', live: 20, desired: 10 },
    ]);

    const result = await syncApplication(cluster, app, { force: true });
    const key = { group: 'apps', version: 'v1', kind: 'Deployment', namespace, name: 'checkout' };
    const live = await getObject(cluster.connection, deployments, key);
    assert.equal(result.phase, 'Succeeded');
    assert.equal((live?.['spec'] as JsonObject)['replicas'], 4);
  });

  it('defaults: only the image', async () => {
    const app = await syncCase(cluster, '31-drift-defaults-metadata-status', 'case-defaults');
    const namespace = app.namespace ?? '';
    const image = {
      spec: {
        template: {
          spec: {
            containers: [{ name: 'catalog', image: 'registry.example.com/catalog:5.1.1-hotfix' }],
          },
        },
      },
    };
    await mergePatch(cluster, objectPath(deployments, namespace, 'catalog'), image, 'kubectl-set');

    const report = await diffApplication(cluster, app);

    const deployment = resource(report, 'Deployment');
    assert.equal(resource(report, 'Service').status, 'Synced');
    assert.deepEqual(deployment.differences, [
      {
        path: '/spec/template/spec/containers/0/image',
        live: 'registry.example.com/catalog:5.1.1-hotfix',
        desired: 'registry.example.com/catalog:5.1.0',
      },
    ]);
    assert.match(deployment.warnings.join('\n'), /metadata\.resourceVersion/);
  });
});
