import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/drift/types';
import type { DriftLocation } from '../../src/core/driftLocation';
import { driftMessage, fieldName, imageName, locateDrift } from '../../src/core/driftLocation';
import { WorkspaceModel } from '../../src/core/workspace/model';
import { fixturePath } from '../support/paths';

const workspace = fixturePath('driftLocation', 'catalog');
const model = new WorkspaceModel([workspace]);
model.load();

const live = path.join(workspace, 'overlays', 'live');
const trial = path.join(workspace, 'overlays', 'trial');

/** Builds the Deployment as kustomize renders it, with only the fields the lookups read. */
function renderedDeployment(name: string): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'log-shipper', image: 'example.org/tools/shipper:0.3' },
            {
              name: 'api',
              image: 'example.org/catalog/api:1.4.2',
              ports: [{ containerPort: 8080 }],
              env: [{ name: 'CACHE_SECONDS', value: '30' }],
            },
          ],
        },
      },
    },
  };
}

function locate(dir: string, kind: string, name: string, pointer: string): DriftLocation {
  const rendered = kind === 'Deployment' ? renderedDeployment(name) : undefined;
  const object = { kind, name, ...(rendered === undefined ? {} : { rendered }) };
  const location = locateDrift(model, dir, object, pointer);
  assert.ok(location, `no location for ${kind} ${name} ${pointer}`);
  return location;
}

function relative(location: DriftLocation): string {
  return path.relative(workspace, location.file);
}

/** Formats the 1-based line and its text, so a failure shows what the location points at. */
function lineOf(location: DriftLocation): string {
  const text = model.source.readText(location.file);
  assert.equal(text.kind, 'text');
  const line = text.kind === 'text' ? text.text.split('\n')[location.range.startLine] : '';
  return `${location.range.startLine + 1}: ${line?.trim() ?? ''}`;
}

describe('drift location', () => {
  it('images entry for a container image', () => {
    const pointer = '/spec/template/spec/containers/1/image';
    const location = locate(live, 'Deployment', 'live-catalog', pointer);
    assert.equal(location.kind, 'images-entry');
    assert.equal(relative(location), 'overlays/live/kustomization.yaml');
    assert.equal(lineOf(location), '11: newTag: 1.4.2');
  });

  it('container image line without an images entry', () => {
    const pointer = '/spec/template/spec/containers/0/image';
    const location = locate(live, 'Deployment', 'live-catalog', pointer);
    assert.equal(location.kind, 'container-image');
    assert.equal(relative(location), 'base/deployment.yaml');
    assert.equal(lineOf(location), '19: image: example.org/tools/shipper:0.3');
  });

  it('replicas entry of the overlay', () => {
    const location = locate(live, 'Deployment', 'live-catalog', '/spec/replicas');
    assert.equal(location.kind, 'replicas-entry');
    assert.equal(lineOf(location), '14: count: 3');
  });

  it('replicas set by a patch file', () => {
    const location = locate(trial, 'Deployment', 'catalog', '/spec/replicas');
    assert.equal(location.kind, 'patch');
    assert.equal(relative(location), 'overlays/trial/scale.yaml');
    assert.equal(lineOf(location), '6: replicas: 2');
  });

  it('patch field in a list item matched by name', () => {
    const pointer = '/spec/template/spec/containers/1/resources/limits/memory';
    const location = locate(trial, 'Deployment', 'catalog', pointer);
    assert.equal(location.kind, 'patch');
    assert.equal(relative(location), 'overlays/trial/scale.yaml');
    assert.equal(lineOf(location), '13: memory: 256Mi');
  });

  it('inline JSON 6902 operation', () => {
    const pointer = '/spec/template/spec/containers/1/env/0/value';
    const location = locate(trial, 'Deployment', 'catalog', pointer);
    assert.equal(location.kind, 'patch');
    assert.equal(relative(location), 'overlays/trial/kustomization.yaml');
    assert.equal(lineOf(location), '14: value: "5"');
  });

  it('inline strategic merge patch of a Service', () => {
    const location = locate(trial, 'Service', 'catalog', '/spec/ports/0/targetPort');
    assert.equal(location.kind, 'patch');
    assert.equal(lineOf(location), '23: targetPort: 9090');
  });

  it('base resource field', () => {
    const pointer = '/spec/template/spec/containers/1/ports/0/containerPort';
    const location = locate(live, 'Deployment', 'live-catalog', pointer);
    assert.equal(location.kind, 'resource');
    assert.equal(relative(location), 'base/deployment.yaml');
    assert.equal(lineOf(location), '23: - containerPort: 8080');
  });

  it('namespace and common label fields', () => {
    const namespace = locate(live, 'Service', 'live-catalog', '/metadata/namespace');
    assert.equal(namespace.kind, 'transformer');
    assert.equal(lineOf(namespace), '3: namespace: catalog-live');

    const label = locate(live, 'Service', 'live-catalog', '/metadata/labels/tier');
    assert.equal(label.kind, 'transformer');
    assert.equal(lineOf(label), '6: tier: backend');
  });

  it('falls back to the resources entry', () => {
    const location = locate(live, 'Deployment', 'live-catalog', '/metadata/annotations/owner');
    assert.equal(location.kind, 'kustomization-entry');
    assert.equal(lineOf(location), '8: - ../../base');
  });

  it('falls back to the top for an unknown object', () => {
    const location = locate(live, 'ConfigMap', 'elsewhere', '/data/key');
    assert.equal(location.kind, 'kustomization');
    assert.equal(location.range.startLine, 0);
  });

  it('returns undefined outside a root', () => {
    const object = { kind: 'Service', name: 'catalog' };
    assert.equal(locateDrift(model, workspace, object, '/spec'), undefined);
  });
});

describe('drift message', () => {
  const deployment = {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
  };
  const secret = { group: '', version: 'v1', kind: 'Secret', namespace: 'shop', name: 'db' };

  it('shows live and desired values', () => {
    const message = driftMessage(deployment, { path: '/spec/replicas', live: 5, desired: 3 });
    const expected =
      'Deployment.apps shop/web: spec.replicas is 5 on the cluster, 3 in the workspace.';
    assert.equal(message, expected);
  });

  it('hides Secret values', () => {
    const difference = { path: '/data/password', live: 'czNjcjN0', desired: 'b3RoZXI=' };
    const message = driftMessage(secret, difference);
    assert.ok(!message.includes('czNjcjN0'));
    assert.ok(!message.includes('b3RoZXI='));
    assert.match(message, /data\.password differs/);
  });

  it('names a field only the cluster has', () => {
    const message = driftMessage(deployment, { path: '/metadata/labels/extra', live: 'x' });
    assert.match(message, /is "x" on the cluster but not set in the workspace/);
  });

  it('writes list indexes and odd keys', () => {
    const image = fieldName('/spec/template/spec/containers/1/image');
    assert.equal(image, 'spec.template.spec.containers[1].image');
    const label = fieldName('/metadata/labels/app.kubernetes.io~1name');
    assert.equal(label, 'metadata.labels["app.kubernetes.io/name"]');
  });

  it('strips tag and digest from images', () => {
    assert.equal(imageName('registry:5000/shop/web:1.2@sha256:abc'), 'registry:5000/shop/web');
    assert.equal(imageName('registry:5000/shop/web'), 'registry:5000/shop/web');
  });
});
