import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../src/core/drift';
import {
  foreignTracker,
  isTrackedBy,
  trackingLabel,
  withTrackingLabel,
} from '../../src/core/drift';

function object(labels: JsonObject = {}, annotations: JsonObject = {}): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels, annotations } };
}

describe('tracking', () => {
  it('adds the label without changing the input', () => {
    const manifest: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };

    const tracked = withTrackingLabel(manifest, 'shop');

    assert.equal(isTrackedBy(tracked, 'shop'), true);
    assert.equal(isTrackedBy(manifest, 'shop'), false);
  });

  const cases: [string, JsonObject, string | undefined][] = [
    ['untracked object', object(), undefined],
    ['our own label', object({ [trackingLabel]: 'shop' }), undefined],
    ['another Application label', object({ [trackingLabel]: 'billing' }), 'Application "billing"'],
    [
      'Argo CD annotation of same app',
      object({}, { 'argocd.argoproj.io/tracking-id': 'shop:/ConfigMap:ns/c' }),
      undefined,
    ],
    [
      'Argo CD namespaced app name',
      object({}, { 'argocd.argoproj.io/tracking-id': 'apps_shop:/ConfigMap:ns/c' }),
      undefined,
    ],
    [
      'Argo CD annotation of other app',
      object({}, { 'argocd.argoproj.io/tracking-id': 'billing:/ConfigMap:ns/c' }),
      'Argo CD Application "billing"',
    ],
    [
      'Argo CD instance label',
      object({ 'app.kubernetes.io/instance': 'billing' }),
      'Argo CD Application "billing"',
    ],
    ['instance label of same app', object({ 'app.kubernetes.io/instance': 'shop' }), undefined],
  ];
  for (const [name, live, expected] of cases) {
    it(`foreign tracker: ${name}`, () => {
      const tracker = foreignTracker(live, 'shop');
      if (expected === undefined) {
        assert.equal(tracker, undefined);
      } else {
        assert.ok(tracker?.includes(expected), tracker);
      }
    });
  }
});
