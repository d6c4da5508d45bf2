import * as YAML from 'yaml';
import type { JsonValue } from '../drift/types';
import { isJsonObject } from '../drift/types';

/**
 * Keys that identify an item of a Kubernetes list, as strategic merge patches match them:
 * containers and volumes by `name`, mounts by `mountPath`, ports by `containerPort` or `port`.
 */
const mergeKeys = ['name', 'mountPath', 'containerPort', 'port', 'devicePath', 'ip', 'topologyKey'];

/** The deepest node reached while following a path. */
export interface YamlPathMatch {
  /** The value node at the deepest segment reached; the root when no segment matched. */
  readonly node: YAML.Node;
  /** The key node of the last map step, which names the field on one line. */
  readonly keyNode: YAML.Node | undefined;
  /** Number of segments followed; equal to the path length when the whole path exists. */
  readonly depth: number;
}

/**
 * Follows JSON pointer segments through a YAML node. A numeric segment picks the list item
 * whose merge key equals that of the item at the same index in `reference` (the rendered
 * object), because patches and base files may list items in another order or only some of
 * them. Items without a merge key are picked by index.
 */
export function followPath(
  root: YAML.Node,
  segments: readonly string[],
  reference: JsonValue | undefined,
): YamlPathMatch {
  let match: YamlPathMatch = { node: root, keyNode: undefined, depth: 0 };
  let expected = reference;

  for (const segment of segments) {
    const step = stepInto(match.node, segment, expected);
    if (step === undefined) {
      return match;
    }
    match = { node: step.node, keyNode: step.keyNode ?? match.keyNode, depth: match.depth + 1 };
    expected = childOf(expected, segment);
  }
  return match;
}

interface Step {
  readonly node: YAML.Node;
  readonly keyNode: YAML.Node | undefined;
}

function stepInto(
  node: YAML.Node,
  segment: string,
  expected: JsonValue | undefined,
): Step | undefined {
  if (YAML.isMap(node)) {
    const pair = node.items.find((item) => {
      return YAML.isScalar(item.key) && String(item.key.value) === segment;
    });
    const value = pair?.value;
    if (pair === undefined || !YAML.isNode(value)) {
      return undefined;
    }
    return { node: value, keyNode: YAML.isNode(pair.key) ? pair.key : undefined };
  }
  if (YAML.isSeq(node) && /^\d+$/.test(segment)) {
    const item = pickItem(node, Number(segment), childOf(expected, segment));
    return item === undefined ? undefined : { node: item, keyNode: undefined };
  }
  return undefined;
}

function pickItem(
  list: YAML.YAMLSeq,
  index: number,
  expected: JsonValue | undefined,
): YAML.Node | undefined {
  const reference = isJsonObject(expected) ? expected : {};
  const mergeKey = mergeKeys.find((key) => isKeyValue(reference[key]));
  if (mergeKey === undefined) {
    const byIndex = list.items[index];
    return YAML.isNode(byIndex) ? byIndex : undefined;
  }

  const expectedKey = String(reference[mergeKey]);
  const found = list.items.find((item) => {
    const value = YAML.isMap(item) ? item.get(mergeKey) : undefined;
    return value !== undefined && String(value) === expectedKey;
  });
  return YAML.isNode(found) ? found : undefined;
}

function isKeyValue(value: JsonValue | undefined): boolean {
  return typeof value === 'string' || typeof value === 'number';
}

function childOf(value: JsonValue | undefined, segment: string): JsonValue | undefined {
  if (Array.isArray(value)) {
    return value[Number(segment)];
  }
  return isJsonObject(value) ? value[segment] : undefined;
}
