import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderKeysLike } from '../../src/core/drift/keyOrder';

describe('orderKeysLike', () => {
  it('follows the reference key order', () => {
    const live = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { namespace: 'a', name: 'b' } };
    const rendered = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'b', namespace: 'a' },
    };

    const ordered = orderKeysLike(live, rendered) as Record<string, unknown>;

    assert.deepEqual(Object.keys(ordered), ['apiVersion', 'kind', 'metadata']);
    assert.deepEqual(Object.keys(ordered['metadata'] as object), ['name', 'namespace']);
  });

  it('puts live-only keys last', () => {
    const ordered = orderKeysLike({ extra: 1, spec: 2 }, { spec: 0 }) as Record<string, unknown>;

    assert.deepEqual(Object.keys(ordered), ['spec', 'extra']);
  });

  it('pairs list items by position', () => {
    const live = { items: [{ b: 1, a: 2 }] };
    const ordered = orderKeysLike(live, { items: [{ a: 0, b: 0 }] }) as { items: object[] };

    assert.deepEqual(Object.keys(ordered.items[0] ?? {}), ['a', 'b']);
  });
});
