import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isQuantityPath, parseQuantity, quantitiesEqual } from '../../src/core/drift';

describe('quantitiesEqual', () => {
  const equal: [string | number, string | number][] = [
    ['1000m', '1'],
    ['1000M', '1G'],
    [2, '2'],
    [0.5, '500m'],
    ['1024Mi', '1Gi'],
    ['10240Mi', '10Gi'],
    ['0.5Gi', '512Mi'],
    ['1.5Gi', '1536Mi'],
    ['1e3', '1k'],
    ['100u', '0.1m'],
  ];
  for (const [left, right] of equal) {
    it(`${left} equals ${right}`, () => {
      assert.equal(quantitiesEqual(left, right), true);
    });
  }

  const different: [string | number, string | number][] = [
    ['1.5Gi', '2Gi'],
    ['1G', '1Gi'],
    ['1', '1001m'],
    ['abc', 'abc'],
    ['', '0'],
  ];
  for (const [left, right] of different) {
    it(`${left} differs from ${right}`, () => {
      assert.equal(quantitiesEqual(left, right), false);
    });
  }

  it('rejects malformed input', () => {
    assert.equal(parseQuantity('1.2.3'), undefined);
    assert.equal(parseQuantity('5 Gi'), undefined);
    assert.equal(parseQuantity('Gi'), undefined);
  });
});

describe('isQuantityPath', () => {
  it('container resources', () => {
    const path = ['spec', 'template', 'spec', 'containers', '0', 'resources', 'limits', 'memory'];
    assert.equal(isQuantityPath(path), true);
  });

  it('claim template storage', () => {
    const path = ['spec', 'volumeClaimTemplates', '0', 'spec', 'resources', 'requests', 'storage'];
    assert.equal(isQuantityPath(path), true);
  });

  it('plain fields are not quantities', () => {
    assert.equal(isQuantityPath(['spec', 'replicas']), false);
    assert.equal(isQuantityPath(['data', 'limits']), false);
  });

  it('extra patterns match whole paths', () => {
    assert.equal(isQuantityPath(['spec', 'size'], [['spec', 'size']]), true);
    assert.equal(isQuantityPath(['spec', 'size', 'x'], [['spec', 'size']]), false);
  });
});
