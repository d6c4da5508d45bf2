import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { IgnoreDifference, JsonObject, ResourceComparison } from '../../src/core/drift';
import {
  compareApplication,
  compareResource,
  parseJqPath,
  secretValueMarker,
} from '../../src/core/drift';
import { missingSharedReason, sharedPath } from '../support/paths';

function readObjects(file: string): JsonObject[] {
  const text = fs.readFileSync(file, 'utf8');
  return parseAllDocuments(text)
    .map((document) => document.toJS() as JsonObject | null)
    .filter((object): object is JsonObject => object !== null);
}

interface CaseData {
  readonly desired: JsonObject[];
  readonly live: JsonObject[];
}

function loadCase(name: string): CaseData | undefined {
  const folder = sharedPath('cases', name);
  if (folder === undefined) {
    return undefined;
  }
  return {
    desired: readObjects(path.join(folder, 'desired.yaml')),
    live: readObjects(path.join(folder, 'live.yaml')),
  };
}

function compareCase(data: CaseData, ignore: IgnoreDifference[] = []): ResourceComparison[] {
  const entries = data.desired.map((manifest) => {
    const live = data.live.find((candidate) => sameObject(candidate, manifest));
    return { manifest, desired: manifest, live };
  });
  return [...compareApplication(entries, [], { ignoreDifferences: ignore }).resources];
}

function sameObject(left: JsonObject, right: JsonObject): boolean {
  const name = (object: JsonObject) =>
    JSON.stringify([object['kind'], (object['metadata'] as JsonObject)['name']]);
  return name(left) === name(right);
}

function byKind(results: ResourceComparison[], kind: string): ResourceComparison {
  const result = results.find((candidate) => candidate.key.kind === kind);
  assert.ok(result, `no result for ${kind}`);
  return result;
}

const quantities = loadCase('27-drift-resource-quantities');
const autoscaled = loadCase('29-drift-hpa-managed-replicas');
const defaults = loadCase('31-drift-defaults-metadata-status');

describe('drift of shared cases', () => {
  it(
    'quantities: one real drift',
    { skip: quantities ? false : missingSharedReason('cases/27-drift-resource-quantities') },
    () => {
      const results = compareCase(quantities as CaseData);
      const statefulSet = byKind(results, 'StatefulSet');

      assert.equal(statefulSet.status, 'OutOfSync');
      assert.deepEqual(statefulSet.differences, [
        {
          path: '/spec/template/spec/containers/1/resources/limits/memory',
          live: '2Gi',
          desired: '1.5Gi',
        },
      ]);
      assert.equal(byKind(results, 'CacheCluster').status, 'Synced');
    },
  );

  it(
    'autoscaled replicas are not drift',
    { skip: autoscaled ? false : missingSharedReason('cases/29-drift-hpa-managed-replicas') },
    () => {
      const results = compareCase(autoscaled as CaseData);
      const deployment = byKind(results, 'Deployment');
      const autoscaler = byKind(results, 'HorizontalPodAutoscaler');

      assert.equal(deployment.status, 'Synced');
      assert.deepEqual(deployment.notes, [
        'spec.replicas is managed by HorizontalPodAutoscaler.autoscaling shop/checkout',
      ]);
      assert.equal(autoscaler.status, 'OutOfSync');
      assert.deepEqual(autoscaler.differences, [
        { path: '/spec/maxReplicas', live: 20, desired: 10 },
      ]);
    },
  );

  it(
    'defaults and metadata are noise',
    { skip: defaults ? false : missingSharedReason('cases/31-drift-defaults-metadata-status') },
    () => {
      const results = compareCase(defaults as CaseData);
      const deployment = byKind(results, 'Deployment');

      assert.equal(byKind(results, 'Service').status, 'Synced');
      assert.equal(deployment.status, 'OutOfSync');
      assert.deepEqual(deployment.differences, [
        {
          path: '/spec/template/spec/containers/0/image',
          live: 'registry.example.com/catalog:5.1.1-hotfix',
          desired: 'registry.example.com/catalog:5.1.0',
        },
      ]);
      assert.equal(deployment.warnings.length, 1);
      assert.match(deployment.warnings[0] ?? '', /metadata\.resourceVersion/);
    },
  );
});

function deployment(spec: JsonObject, annotations: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', annotations },
    spec: {
      replicas: 2,
      template: {
        metadata: { annotations: {} },
        spec: { containers: [{ name: 'web', image: 'web:1', resources: {} }] },
      },
      ...spec,
    },
  };
}

describe('compareResource', () => {
  it('missing live object', () => {
    const result = compareResource(deployment({}), undefined);

    assert.equal(result.status, 'Missing');
    assert.deepEqual(result.differences, []);
  });

  it('live-only defaults are ignored', () => {
    const live = deployment({ progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate' } });

    assert.equal(compareResource(deployment({}), live).status, 'Synced');
  });

  it('rollout restart annotation is drift', () => {
    const live = deployment({});
    const template = (live['spec'] as JsonObject)['template'] as JsonObject;
    template['metadata'] = {
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-03-01T10:00:00Z' },
    };

    const result = compareResource(deployment({}), live);

    assert.equal(result.status, 'OutOfSync');
    assert.deepEqual(result.differences, [
      {
        path: '/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt',
        live: '2025-03-01T10:00:00Z',
      },
    ]);
  });

  it('dry-run merge keeps added keys drift', () => {
    const manifest: JsonObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: '1' },
    };
    const dryRun: JsonObject = { ...manifest, data: { a: '1', extra: 'x' } };
    const live: JsonObject = { ...manifest, data: { a: '1', extra: 'x' } };

    const result = compareResource(dryRun, live, { manifest });

    assert.deepEqual(result.differences, [{ path: '/data/extra', live: 'x' }]);
  });

  it('secret values are masked', () => {
    const manifest: JsonObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { password: 'hunter2' },
    };
    const live: JsonObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { password: Buffer.from('changed').toString('base64'), token: 'c2VjcmV0' },
    };

    const result = compareResource(manifest, live, { manifest });

    assert.deepEqual(result.differences, [
      { path: '/data/password', live: secretValueMarker, desired: secretValueMarker },
      { path: '/data/token', live: secretValueMarker },
    ]);
    assert.doesNotMatch(JSON.stringify(result), /hunter2|Y2hhbmdlZA|c2VjcmV0/);
  });

  it('secret stringData equals data', () => {
    const manifest: JsonObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { a: 'b' },
    };
    const live: JsonObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'Yg==' },
    };

    assert.equal(compareResource(manifest, live, { manifest }).status, 'Synced');
  });

  it('empty values equal absent ones', () => {
    const desired = deployment({ strategy: {}, paused: null, minReadySeconds: undefined as never });
    const live = deployment({});
    delete ((live['spec'] as JsonObject)['template'] as JsonObject)['metadata'];

    assert.equal(compareResource(desired, live).status, 'Synced');
  });

  it('missing desired subtree: one per leaf', () => {
    const desired = deployment({ selector: { matchLabels: { app: 'web', tier: 'front' } } });

    const result = compareResource(desired, deployment({}));

    assert.deepEqual(result.differences, [
      { path: '/spec/selector/matchLabels/app', desired: 'web' },
      { path: '/spec/selector/matchLabels/tier', desired: 'front' },
    ]);
  });

  it('containers matched by name', () => {
    const desired = deployment({});
    const live = deployment({});
    const liveSpec = ((live['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
    liveSpec['containers'] = [
      { name: 'sidecar', image: 's:1' },
      { name: 'web', image: 'web:2' },
    ];

    const result = compareResource(desired, live);

    assert.deepEqual(result.differences, [
      { path: '/spec/template/spec/containers/0/image', live: 'web:2', desired: 'web:1' },
      { path: '/spec/template/spec/containers/0/name', live: 'sidecar' },
      { path: '/spec/template/spec/containers/0/image', live: 's:1' },
    ]);
  });

  it('ignoreDifferences json pointer', () => {
    const rule: IgnoreDifference = {
      group: 'apps',
      kind: 'Deployment',
      jsonPointers: ['/spec/replicas'],
    };

    const result = compareResource(deployment({}), deployment({ replicas: 5 }), {
      ignoreDifferences: [rule],
    });

    assert.equal(result.status, 'Synced');
  });

  it('ignoreDifferences jq path with wildcard', () => {
    const rule: IgnoreDifference = {
      group: 'apps',
      kind: 'Deployment',
      name: 'web',
      jqPathExpressions: ['.spec.template.spec.containers[].image'],
    };
    const live = deployment({});
    const liveSpec = ((live['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
    liveSpec['containers'] = [{ name: 'web', image: 'web:9' }];

    assert.equal(
      compareResource(deployment({}), live, { ignoreDifferences: [rule] }).status,
      'Synced',
    );
  });

  it('ignoreDifferences of other name', () => {
    const rule: IgnoreDifference = {
      group: 'apps',
      kind: 'Deployment',
      name: 'api',
      jsonPointers: ['/spec/replicas'],
    };

    const result = compareResource(deployment({}), deployment({ replicas: 5 }), {
      ignoreDifferences: [rule],
    });

    assert.equal(result.status, 'OutOfSync');
  });

  it('ignoreDifferences by field manager', () => {
    const live = deployment({ replicas: 7 });
    (live['metadata'] as JsonObject)['managedFields'] = [
      {
        manager: 'autoscaler',
        operation: 'Update',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      },
    ];
    const rule: IgnoreDifference = {
      group: 'apps',
      kind: 'Deployment',
      managedFieldsManagers: ['autoscaler'],
    };

    assert.equal(
      compareResource(deployment({}), live, { ignoreDifferences: [rule] }).status,
      'Synced',
    );
    assert.equal(compareResource(deployment({}), live).status, 'OutOfSync');
  });

  it('unsupported jq expression warns', () => {
    const rule: IgnoreDifference = {
      group: 'apps',
      kind: 'Deployment',
      jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web")'],
    };

    const result = compareResource(deployment({}), deployment({}), { ignoreDifferences: [rule] });

    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0] ?? '', /not a plain path/);
  });

  it('custom quantity paths', () => {
    const make = (size: string): JsonObject => ({
      apiVersion: 'example.com/v1',
      kind: 'Volume',
      metadata: { name: 'v' },
      spec: { size },
    });

    assert.equal(compareResource(make('1Gi'), make('1024Mi')).status, 'OutOfSync');
    const result = compareResource(make('1Gi'), make('1024Mi'), {
      quantityPaths: [['spec', 'size']],
    });
    assert.equal(result.status, 'Synced');
  });
});

describe('parseJqPath', () => {
  const cases: [string, string[] | undefined][] = [
    ['.spec.replicas', ['spec', 'replicas']],
    ['.metadata.annotations["a/b"]', ['metadata', 'annotations', 'a/b']],
    ['.metadata.labels."x.y"', ['metadata', 'labels', 'x.y']],
    ['.spec.containers[0].image', ['spec', 'containers', '0', 'image']],
    ['.spec.containers[].env', ['spec', 'containers', '*', 'env']],
    ['.', undefined],
    ['.spec | del(.x)', undefined],
    ['spec', undefined],
  ];
  for (const [expression, expected] of cases) {
    it(`parses ${expression}`, () => {
      assert.deepEqual(parseJqPath(expression), expected);
    });
  }
});
