import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupByKind, readRenderedOutput } from '../../../src/extension/trees/renderedObjects';

const output = `apiVersion: v1
kind: Service
metadata:
  name: depot-api
  namespace: depot
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: depot-api
  namespace: depot
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: registry.example.test/depot/migrate:1.2.0
      containers:
        - name: api
          image: registry.example.test/depot/api:4.1.0
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: depot-sweeper
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: sweep
              image: registry.example.test/depot/sweeper@sha256:0123
---
# a document with only a comment has no kind and is skipped
`;

describe('readRenderedOutput', () => {
  it('reads kind, name and namespace', () => {
    const { objects } = readRenderedOutput(output);

    assert.deepEqual(
      objects.map((object) => `${object.kind}/${object.namespace ?? '-'}/${object.name}`),
      ['Service/depot/depot-api', 'Deployment/depot/depot-api', 'CronJob/-/depot-sweeper'],
    );
  });

  it('records the line of each document', () => {
    const { objects } = readRenderedOutput(output);

    assert.equal(objects[0]?.line, 0);
    assert.equal(objects[1]?.line, 6);
  });

  it('finds init, regular and CronJob containers', () => {
    const { images } = readRenderedOutput(output);

    const rows = images.map((image) => `${image.workload} ${image.container} ${image.image}`);
    assert.deepEqual(rows, [
      'Deployment/depot-api migrate registry.example.test/depot/migrate:1.2.0',
      'Deployment/depot-api api registry.example.test/depot/api:4.1.0',
      'CronJob/depot-sweeper sweep registry.example.test/depot/sweeper@sha256:0123',
    ]);
  });

  it('returns nothing for empty output', () => {
    assert.deepEqual(readRenderedOutput(''), { objects: [], images: [] });
  });
});

describe('groupByKind', () => {
  it('sorts kinds and objects', () => {
    const groups = groupByKind([
      { kind: 'Service', name: 'b', namespace: 'x', line: 0 },
      { kind: 'ConfigMap', name: 'z', namespace: 'x', line: 5 },
      { kind: 'Service', name: 'a', namespace: 'x', line: 9 },
    ]);

    assert.deepEqual([...groups.keys()], ['ConfigMap', 'Service']);
    assert.deepEqual(
      groups.get('Service')?.map((object) => object.name),
      ['a', 'b'],
    );
  });
});
