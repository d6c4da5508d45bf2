import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/drift';
import type { ClusterContext, ResourceType } from '../../src/cluster';
import { diffApplication, objectPath, syncApplication } from '../../src/cluster';
import { missingSharedReason, sharedPath } from '../support/paths';
import { mergePatch, openCluster, parseObjects, skipReason, uniqueName } from './support';

const crdFolder = sharedPath('crds');
const crdFiles = [
  'argocd-appproject-crd.yaml',
  'argocd-application-crd.yaml',
  'argocd-applicationset-crd.yaml',
];

const applications: ResourceType = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'Application',
  resource: 'applications',
  namespaced: true,
  verbs: [],
};

function application(namespace: string, targetRevision: string): JsonObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'storefront', namespace },
    spec: {
      project: 'default',
      source: {
        repoURL: 'https://git.example.org/storefront.git',
        path: 'overlays/prod',
        targetRevision,
      },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'storefront' },
      syncPolicy: { syncOptions: ['CreateNamespace=true'] },
    },
  };
}

const skip = skipReason || (crdFolder === undefined ? missingSharedReason('crds') : false);

describe('custom resources on a real API server', { skip }, () => {
  let cluster: ClusterContext;
  let crds: JsonObject[];

  before(async () => {
    cluster = await openCluster();
    crds = crdFiles.flatMap((file) =>
      parseObjects(fs.readFileSync(path.join(crdFolder ?? '', file), 'utf8')),
    );
  });

  after(() => cluster?.connection.close());

  it('CR without its CRD is an error', async () => {
    const namespace = uniqueName('crd-absent');
    const app = {
      name: namespace,
      namespace,
      manifests: [{ ...application(namespace, 'main'), apiVersion: 'example.org/v9' }],
    };

    const report = await diffApplication(cluster, app);

    assert.equal(report.status, 'OutOfSync');
    assert.match(
      report.resources[0]?.error ?? '',
      /does not serve Application in example\.org\/v9; install its CRD first/,
    );
  });

  it('syncs CRDs with their resources', async () => {
    const namespace = uniqueName('crd-sync');
    const manifests = [
      ...crds,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      application(namespace, 'main'),
    ];
    const app = { name: namespace, namespace, manifests };

    // CRDs are cluster-wide, so another Application (another test or run) may already track them.
    const result = await syncApplication(cluster, app, { allowForeignTracked: true });
    const report = await diffApplication(cluster, app);

    assert.equal(
      result.phase,
      'Succeeded',
      JSON.stringify(result.resources.filter((item) => item.message)),
    );
    assert.equal(
      result.resources.find((item) => item.key.kind === 'Application')?.action,
      'created',
    );
    assert.equal(
      report.status,
      'Synced',
      JSON.stringify(report.resources.filter((item) => item.status !== 'Synced')),
    );
  });

  it('finds drift in a custom resource', async () => {
    const namespace = uniqueName('crd-drift');
    const manifests = [
      ...crds,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      application(namespace, 'main'),
    ];
    const app = { name: namespace, namespace, manifests };
    const result = await syncApplication(cluster, app, { allowForeignTracked: true });
    assert.equal(result.phase, 'Succeeded');

    const patch = { spec: { source: { targetRevision: 'hotfix' } } };
    await mergePatch(
      cluster,
      objectPath(applications, namespace, 'storefront'),
      patch,
      'kubectl-edit',
      'merge',
    );
    const report = await diffApplication(cluster, app);

    const drifted = report.resources.find((item) => item.key.kind === 'Application');
    assert.deepEqual(drifted?.differences, [
      { path: '/spec/source/targetRevision', live: 'hotfix', desired: 'main' },
    ]);
  });
});
