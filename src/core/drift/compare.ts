import { formatPointer, patternCovers } from './jsonPointer';
import { ignoredPathsFor } from './ignoreRules';
import { manifestWarnings, normalizeObject } from './normalize';
import { isQuantityPath, quantitiesEqual } from './quantity';
import type {
  Difference,
  IgnoreDifference,
  JsonObject,
  JsonValue,
  ResourceComparison,
} from './types';
import { childString, isJsonObject, objectKey } from './types';

/** Stands in for every Secret value in a difference, so no Secret content leaves this module. */
export const secretValueMarker = '<secret value hidden>';

export interface CompareOptions {
  /**
   * The rendered manifest when `desired` is the API server's dry-run result. Keys of maps that
   * the manifest owns as a whole (ConfigMap and Secret data, pod template annotations) are taken
   * from it, because a dry-run apply merges in keys that other managers added.
   */
  readonly manifest?: JsonObject;
  readonly ignoreDifferences?: readonly IgnoreDifference[];
  /** Further paths to skip (segment patterns, `*` for any segment). */
  readonly ignoredPatterns?: readonly (readonly string[])[];
  /** Whole-path patterns of custom resource fields that hold quantities. */
  readonly quantityPaths?: readonly (readonly string[])[];
  /** Reasons for the skipped paths, passed through to the result. */
  readonly notes?: readonly string[];
}

/**
 * Compares the desired state of one object (the render, or better the API server's dry-run
 * apply of it) with the live object. Fields that only the live object has count as drift only
 * inside maps the manifest owns as a whole. Elsewhere they are server defaults or other
 * managers' fields. There is one difference per differing leaf.
 */
export function compareResource(
  desired: JsonObject,
  live: JsonObject | undefined,
  options: CompareOptions = {},
): ResourceComparison {
  const key = objectKey(desired);
  const warnings = manifestWarnings(options.manifest ?? desired);
  const notes = [...(options.notes ?? [])];
  if (live === undefined) {
    return { key, status: 'Missing', differences: [], notes, warnings };
  }

  const ignored = ignoredPathsFor(options.ignoreDifferences ?? [], key, live);
  warnings.push(...ignored.warnings);

  const owned = ownedMaps(key.kind);
  const wanted = restrictOwnedMaps(normalizeObject(desired), options.manifest, owned);
  const walker = new DiffWalker({
    kind: key.kind,
    owned,
    ignored: [...ignored.patterns, ...(options.ignoredPatterns ?? [])],
    quantityPaths: options.quantityPaths ?? [],
  });
  walker.walk(wanted, normalizeObject(live), []);

  const differences =
    key.kind === 'Secret' ? walker.differences.map(maskSecret) : walker.differences;
  const status = differences.length === 0 ? 'Synced' : 'OutOfSync';
  return { key, status, differences, notes, warnings };
}

/** Maps whose keys the manifest owns as a whole: a key added on the cluster is drift. */
function ownedMaps(kind: string): string[][] {
  const maps = [
    ['spec', 'template', 'metadata', 'annotations'],
    ['spec', 'jobTemplate', 'spec', 'template', 'metadata', 'annotations'],
  ];
  if (kind === 'ConfigMap') {
    maps.push(['data'], ['binaryData']);
  }
  if (kind === 'Secret') {
    maps.push(['data']);
  }
  return maps;
}

function restrictOwnedMaps(
  desired: JsonObject,
  manifest: JsonObject | undefined,
  owned: readonly string[][],
): JsonObject {
  if (manifest === undefined) {
    return desired;
  }

  const source = normalizeObject(manifest);
  for (const path of owned) {
    const target = valueAt(desired, path);
    if (!isJsonObject(target)) {
      continue;
    }
    const allowed = valueAt(source, path);
    for (const name of Object.keys(target)) {
      if (!isJsonObject(allowed) || !(name in allowed)) {
        delete target[name];
      }
    }
  }
  return desired;
}

function valueAt(root: JsonValue, path: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = root;
  for (const segment of path) {
    current = isJsonObject(current) ? current[segment] : undefined;
  }
  return current;
}

function maskSecret(difference: Difference): Difference {
  if (!difference.path.startsWith('/data/') && !difference.path.startsWith('/stringData/')) {
    return difference;
  }
  return {
    path: difference.path,
    ...(difference.live === undefined ? {} : { live: secretValueMarker }),
    ...(difference.desired === undefined ? {} : { desired: secretValueMarker }),
  };
}

interface WalkContext {
  readonly kind: string;
  readonly owned: readonly string[][];
  readonly ignored: readonly (readonly string[])[];
  readonly quantityPaths: readonly (readonly string[])[];
}

class DiffWalker {
  readonly differences: Difference[] = [];

  constructor(private readonly context: WalkContext) {}

  walk(desired: JsonValue | undefined, live: JsonValue | undefined, path: string[]): void {
    if (this.isIgnored(path)) {
      return;
    }
    if (live === undefined) {
      if (desired !== undefined) {
        this.addLeaves(desired, 'desired', path);
      }
      return;
    }
    if (desired === undefined) {
      this.walkLiveOnly(live, path);
      return;
    }

    if (isJsonObject(desired) && isJsonObject(live)) {
      this.walkObject(desired, live, path);
    } else if (Array.isArray(desired) && Array.isArray(live)) {
      this.walkArray(desired, live, path);
    } else if (!this.scalarsEqual(desired, live, path)) {
      this.differences.push({ path: formatPointer(path), live, desired });
    }
  }

  private walkObject(desired: JsonObject, live: JsonObject, path: string[]): void {
    for (const [name, value] of Object.entries(desired)) {
      this.walk(value, live[name], [...path, name]);
    }

    for (const [name, value] of Object.entries(live)) {
      if (!(name in desired)) {
        this.walkLiveOnly(value, [...path, name]);
      }
    }
  }

  /**
   * Handles a value that only the live object has: drift inside a map the manifest owns as a
   * whole, a server default or another manager's field anywhere else.
   */
  private walkLiveOnly(live: JsonValue, path: string[]): void {
    const owned = this.context.owned;
    if (owned.some((map) => patternCovers(map, path))) {
      this.addLeaves(live, 'live', path);
      return;
    }

    const leadsToOwnedMap = owned.some(
      (map) => map.length > path.length && patternCovers(path, map),
    );
    if (leadsToOwnedMap && isJsonObject(live)) {
      for (const [name, value] of Object.entries(live)) {
        this.walkLiveOnly(value, [...path, name]);
      }
    }
  }

  private walkArray(desired: JsonValue[], live: JsonValue[], path: string[]): void {
    const liveIndexOf = matchItems(desired, live, this.itemKey(path));
    const matched = new Set<number>();

    desired.forEach((item, index) => {
      const liveIndex = liveIndexOf(item, index);
      if (liveIndex !== undefined) {
        matched.add(liveIndex);
      }
      this.walk(item, liveIndex === undefined ? undefined : live[liveIndex], [
        ...path,
        String(index),
      ]);
    });

    // Items that only the live list has are drift, because the manifest sets the whole list.
    live.forEach((item, index) => {
      if (!matched.has(index)) {
        this.addLeaves(item, 'live', [...path, String(index)]);
      }
    });
  }

  private itemKey(path: readonly string[]): ItemKey | undefined {
    if (this.context.kind === 'HorizontalPodAutoscaler' && samePath(['spec', 'metrics'], path)) {
      return metricKey;
    }
    return undefined;
  }

  private scalarsEqual(desired: JsonValue, live: JsonValue, path: readonly string[]): boolean {
    if (desired === live) {
      return true;
    }
    const bothQuantityTypes = isNumberOrString(desired) && isNumberOrString(live);
    if (!bothQuantityTypes || !isQuantityPath(path, this.context.quantityPaths)) {
      return false;
    }
    return quantitiesEqual(desired, live);
  }

  /** Adds one difference per leaf of a value that only one side has. */
  private addLeaves(value: JsonValue, side: 'desired' | 'live', path: string[]): void {
    if (this.isIgnored(path)) {
      return;
    }

    if (isJsonObject(value)) {
      for (const [name, child] of Object.entries(value)) {
        this.addLeaves(child, side, [...path, name]);
      }
      return;
    }
    if (Array.isArray(value) && value.length > 0) {
      value.forEach((child, index) => this.addLeaves(child, side, [...path, String(index)]));
      return;
    }

    const pointer = formatPointer(path);
    if (side === 'live') {
      this.differences.push({ path: pointer, live: value });
    } else {
      this.differences.push({ path: pointer, desired: value });
    }
  }

  private isIgnored(path: readonly string[]): boolean {
    return this.context.ignored.some((pattern) => patternCovers(pattern, path));
  }
}

type ItemKey = (item: JsonValue) => string | undefined;

/**
 * Returns a function that finds the live item matching a desired item: by `keyOf` when given,
 * else by `name` when every item has a distinct one (containers, env, volumes), else by index.
 */
function matchItems(
  desired: readonly JsonValue[],
  live: readonly JsonValue[],
  keyOf: ItemKey | undefined,
): (item: JsonValue, index: number) => number | undefined {
  const key = keyOf ?? (allNamed(desired) && allNamed(live) ? nameKey : undefined);
  if (key === undefined) {
    return (_item, index) => (index < live.length ? index : undefined);
  }

  const liveIndexByKey = new Map<string, number>();
  live.forEach((item, index) => {
    const itemKey = key(item);
    if (itemKey !== undefined && !liveIndexByKey.has(itemKey)) {
      liveIndexByKey.set(itemKey, index);
    }
  });
  return (item) => {
    const itemKey = key(item);
    return itemKey === undefined ? undefined : liveIndexByKey.get(itemKey);
  };
}

function nameKey(item: JsonValue): string | undefined {
  return childString(item, 'name');
}

function allNamed(items: readonly JsonValue[]): boolean {
  const names = items.map(nameKey);
  return names.every((name) => name !== undefined) && new Set(names).size === names.length;
}

/** HPA metrics are matched by type and metric name, because their order is not significant. */
function metricKey(item: JsonValue): string | undefined {
  if (!isJsonObject(item)) {
    return undefined;
  }
  const type = childString(item, 'type') ?? '';
  const sourceField = type.charAt(0).toLowerCase() + type.slice(1);
  const source = item[sourceField];
  const metric = isJsonObject(source) ? source['metric'] : undefined;
  const name = childString(source, 'name') ?? childString(metric, 'name') ?? '';
  const container = childString(source, 'container') ?? '';
  return `${type}/${name}/${container}`;
}

function samePath(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((segment, index) => segment === right[index]);
}

function isNumberOrString(value: JsonValue): value is number | string {
  return typeof value === 'number' || typeof value === 'string';
}
