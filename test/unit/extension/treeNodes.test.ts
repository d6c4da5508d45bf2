import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResolvedApplication, ResolvedSource } from '../../../src/core/argo/resolve';
import type { ImageEntry } from '../../../src/core/workspace/kustomization';
import {
  describeDestination,
  describeSource,
  describeSyncPolicy,
} from '../../../src/extension/trees/applicationNodes';
import { describeImageEntry } from '../../../src/extension/trees/environmentNodes';

const range = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };

function image(fields: Partial<ImageEntry>): ImageEntry {
  return {
    index: 0,
    name: 'registry.example.test/depot/api',
    newName: undefined,
    newTag: undefined,
    digest: undefined,
    range,
    fieldRanges: new Map(),
    ...fields,
  };
}

function application(fields: Partial<ResolvedApplication>): ResolvedApplication {
  return {
    kind: 'Application',
    apiVersion: 'argoproj.io/v1alpha1',
    name: 'depot-dev',
    namespace: 'argocd',
    file: '/repo/apps/dev.yaml',
    documentIndex: 0,
    line: 1,
    range,
    project: 'depot',
    sources: [],
    destination: undefined,
    syncPolicy: undefined,
    ignoreDifferences: [],
    localPath: undefined,
    children: [],
    parent: undefined,
    ...fields,
  };
}

describe('describeImageEntry', () => {
  const cases: [Partial<ImageEntry>, string][] = [
    [{ newTag: '4.1.0' }, '4.1.0'],
    [{ newName: 'mirror.example.test/api', newTag: '4.1.0' }, 'mirror.example.test/api:4.1.0'],
    [{ digest: 'sha256:ab12' }, '@sha256:ab12'],
    [{ newName: 'mirror.example.test/api' }, 'mirror.example.test/api'],
    [{}, 'unchanged'],
  ];

  for (const [fields, expected] of cases) {
    it(`writes ${expected}`, () => {
      assert.equal(describeImageEntry(image(fields)), expected);
    });
  }
});

describe('describeSyncPolicy', () => {
  it('writes manual without automated', () => {
    assert.equal(describeSyncPolicy(application({})), 'manual');
  });

  it('writes prune and self-heal', () => {
    const syncPolicy = { automated: true, prune: true, selfHeal: true, syncOptions: [] };

    assert.equal(describeSyncPolicy(application({ syncPolicy })), 'automated (prune, self-heal)');
  });

  it('writes plain automated', () => {
    const syncPolicy = { automated: true, prune: false, selfHeal: false, syncOptions: [] };

    assert.equal(describeSyncPolicy(application({ syncPolicy })), 'automated');
  });
});

describe('describeDestination', () => {
  it('writes namespace and server', () => {
    const destination = {
      server: 'https://kubernetes.default.svc',
      name: undefined,
      namespace: 'depot',
    };

    assert.equal(
      describeDestination(application({ destination })),
      'depot on https://kubernetes.default.svc',
    );
  });

  it('falls back to the cluster name', () => {
    const destination = { server: undefined, name: 'edge', namespace: undefined };

    assert.equal(describeDestination(application({ destination })), 'no namespace on edge');
  });
});

describe('describeSource', () => {
  it('defaults the revision to HEAD', () => {
    const source: ResolvedSource = {
      index: undefined,
      repoURL: 'https://git.example.test/depot.git',
      path: 'env/dev',
      targetRevision: undefined,
      chart: undefined,
      ref: undefined,
      recurse: false,
      range,
      resolution: { kind: 'unresolved', code: 'no-workspace-folder', reason: 'not open' },
    };

    assert.equal(describeSource(source), 'https://git.example.test/depot.git env/dev @ HEAD');
  });
});
