import * as YAML from 'yaml';
import type { Kustomization } from '../workspace/kustomization';
import type { SourceRange } from '../yamlFile';
import { findPair, rangeOfNode } from '../yamlFile';
import { firstLine } from './patches';

/**
 * Finds the kustomization field that sets a metadata field of every object: `namespace:`,
 * `namePrefix:`/`nameSuffix:`, a key of `commonLabels:`, `labels[].pairs` or
 * `commonAnnotations:`.
 */
export function findTransformerField(
  kustomization: Kustomization,
  segments: readonly string[],
): SourceRange | undefined {
  const [first, field, key] = segments;
  if (first !== 'metadata') {
    return undefined;
  }
  if (field === 'namespace' && segments.length === 2) {
    return pairRange(kustomization, kustomization.root, 'namespace');
  }
  if (field === 'name' && segments.length === 2) {
    return (
      pairRange(kustomization, kustomization.root, 'namePrefix') ??
      pairRange(kustomization, kustomization.root, 'nameSuffix')
    );
  }
  if (key === undefined || segments.length !== 3) {
    return undefined;
  }
  if (field === 'labels') {
    return labelKey(kustomization, key);
  }
  return field === 'annotations' ? mapKey(kustomization, 'commonAnnotations', key) : undefined;
}

function labelKey(kustomization: Kustomization, key: string): SourceRange | undefined {
  const common = mapKey(kustomization, 'commonLabels', key);
  if (common !== undefined) {
    return common;
  }
  const groups = findPair(kustomization.root, 'labels')?.value;
  if (!YAML.isSeq(groups)) {
    return undefined;
  }
  for (const group of groups.items) {
    const range = pairRange(kustomization, findPair(group, 'pairs')?.value, key);
    if (range !== undefined) {
      return range;
    }
  }
  return undefined;
}

function mapKey(kustomization: Kustomization, field: string, key: string): SourceRange | undefined {
  return pairRange(kustomization, findPair(kustomization.root, field)?.value, key);
}

function pairRange(
  kustomization: Kustomization,
  map: unknown,
  key: string,
): SourceRange | undefined {
  const pair = findPair(map, key);
  if (pair === undefined) {
    return undefined;
  }
  const node = YAML.isScalar(pair.value) ? pair.value : (pair.key as YAML.Node);
  return firstLine(rangeOfNode(kustomization.file, node));
}
