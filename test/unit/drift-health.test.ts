import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/drift';
import { healthOf } from '../../src/core/drift';

function workload(kind: string, spec: JsonObject, status: JsonObject, generation = 1): JsonObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name: 'w', generation }, spec, status };
}

describe('healthOf', () => {
  it('absent object is Missing', () => {
    assert.equal(healthOf(undefined, 'apps', 'Deployment')?.status, 'Missing');
  });

  it('unknown kind has no health', () => {
    assert.equal(healthOf({ kind: 'ConfigMap' }, '', 'ConfigMap'), undefined);
  });

  const deployments: [string, JsonObject, JsonObject, number, string][] = [
    [
      'rolled out',
      { replicas: 2 },
      { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
      1,
      'Healthy',
    ],
    ['generation not observed', { replicas: 2 }, { observedGeneration: 1 }, 2, 'Progressing'],
    [
      'updating',
      { replicas: 2 },
      { observedGeneration: 1, replicas: 2, updatedReplicas: 1 },
      1,
      'Progressing',
    ],
    [
      'old replicas left',
      { replicas: 2 },
      { observedGeneration: 1, replicas: 3, updatedReplicas: 2, availableReplicas: 2 },
      1,
      'Progressing',
    ],
    [
      'unavailable',
      { replicas: 2 },
      { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 },
      1,
      'Progressing',
    ],
    ['paused', { replicas: 2, paused: true }, {}, 1, 'Suspended'],
    [
      'deadline exceeded',
      { replicas: 2 },
      {
        observedGeneration: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      },
      1,
      'Degraded',
    ],
  ];
  for (const [name, spec, status, generation, expected] of deployments) {
    it(`Deployment ${name}`, () => {
      assert.equal(
        healthOf(workload('Deployment', spec, status, generation), 'apps', 'Deployment')?.status,
        expected,
      );
    });
  }

  const statefulSets: [string, JsonObject, JsonObject, string][] = [
    ['never observed', { replicas: 1 }, {}, 'Progressing'],
    ['pods not ready', { replicas: 2 }, { observedGeneration: 1, readyReplicas: 1 }, 'Progressing'],
    [
      'revisions differ',
      { replicas: 1 },
      { observedGeneration: 1, readyReplicas: 1, currentRevision: 'a', updateRevision: 'b' },
      'Progressing',
    ],
    [
      'on delete',
      { replicas: 1, updateStrategy: { type: 'OnDelete' } },
      { observedGeneration: 1, readyReplicas: 1 },
      'Healthy',
    ],
    [
      'rolled out',
      { replicas: 1 },
      { observedGeneration: 1, readyReplicas: 1, currentRevision: 'a', updateRevision: 'a' },
      'Healthy',
    ],
    [
      'partition reached',
      { replicas: 3, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } },
      { observedGeneration: 1, readyReplicas: 3, updatedReplicas: 1 },
      'Healthy',
    ],
  ];
  for (const [name, spec, status, expected] of statefulSets) {
    it(`StatefulSet ${name}`, () => {
      assert.equal(
        healthOf(workload('StatefulSet', spec, status), 'apps', 'StatefulSet')?.status,
        expected,
      );
    });
  }

  it('DaemonSet rolling and done', () => {
    const rolling = workload(
      'DaemonSet',
      {},
      { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 2 },
    );
    const done = workload(
      'DaemonSet',
      {},
      {
        observedGeneration: 1,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
      },
    );
    assert.equal(healthOf(rolling, 'apps', 'DaemonSet')?.status, 'Progressing');
    assert.equal(healthOf(done, 'apps', 'DaemonSet')?.status, 'Healthy');
  });

  it('Job conditions', () => {
    const job = (status: JsonObject, spec: JsonObject = {}): JsonObject => ({
      kind: 'Job',
      spec,
      status,
    });
    assert.equal(
      healthOf(job({ conditions: [{ type: 'Complete', status: 'True' }] }), 'batch', 'Job')?.status,
      'Healthy',
    );
    assert.equal(
      healthOf(
        job({ conditions: [{ type: 'Failed', status: 'True', message: 'x' }] }),
        'batch',
        'Job',
      )?.status,
      'Degraded',
    );
    assert.equal(healthOf(job({}, { suspend: true }), 'batch', 'Job')?.status, 'Suspended');
    assert.equal(healthOf(job({}), 'batch', 'Job')?.status, 'Progressing');
  });

  it('PVC phases', () => {
    const claim = (phase: string): JsonObject => ({
      kind: 'PersistentVolumeClaim',
      status: { phase },
    });
    assert.equal(healthOf(claim('Bound'), '', 'PersistentVolumeClaim')?.status, 'Healthy');
    assert.equal(healthOf(claim('Pending'), '', 'PersistentVolumeClaim')?.status, 'Progressing');
    assert.equal(healthOf(claim('Lost'), '', 'PersistentVolumeClaim')?.status, 'Degraded');
  });

  it('Service and Ingress addresses', () => {
    const withAddress = { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } };
    const balancer = (status: JsonObject): JsonObject => ({
      kind: 'Service',
      spec: { type: 'LoadBalancer' },
      status,
    });
    assert.equal(
      healthOf({ kind: 'Service', spec: { type: 'ClusterIP' } }, '', 'Service')?.status,
      'Healthy',
    );
    assert.equal(healthOf(balancer({}), '', 'Service')?.status, 'Progressing');
    assert.equal(healthOf(balancer(withAddress), '', 'Service')?.status, 'Healthy');
    assert.equal(
      healthOf({ kind: 'Ingress', status: {} }, 'networking.k8s.io', 'Ingress')?.status,
      'Progressing',
    );
    assert.equal(
      healthOf({ kind: 'Ingress', status: withAddress }, 'networking.k8s.io', 'Ingress')?.status,
      'Healthy',
    );
  });
});
