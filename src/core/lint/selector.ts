import * as YAML from 'yaml';
import type { SourceObject } from './objects';
import { isRecord } from './objects';

/** The fields of a kustomize patch target. Every string is an anchored regular expression. */
export interface PatchTarget {
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly annotationSelector?: string;
}

const targetFields = [
  'group',
  'version',
  'kind',
  'name',
  'namespace',
  'labelSelector',
  'annotationSelector',
] as const;

/** Reads a target map node into a PatchTarget, keeping only string fields. */
export function readTarget(node: unknown): PatchTarget | undefined {
  if (!YAML.isMap(node)) {
    return undefined;
  }
  const value = node.toJSON() as unknown;
  if (!isRecord(value)) {
    return undefined;
  }
  const target: Record<string, string> = {};
  for (const field of targetFields) {
    const text = value[field];
    if (typeof text === 'string' || typeof text === 'number') {
      target[field] = String(text);
    }
  }
  return target;
}

/** Splits `apps/v1` into group `apps` and version `v1`; the core group is ''. */
export function groupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Tells whether a target selects an object, as kustomize does: each field is a regular
 * expression anchored at both ends, and an empty or absent field matches anything.
 */
export function selects(target: PatchTarget, object: SourceObject): boolean {
  const { group, version } = groupVersion(object.apiVersion);
  const pairs: [string | undefined, string][] = [
    [target.group, group],
    [target.version, version],
    [target.kind, object.kind],
    [target.name, object.name],
  ];
  if (!pairs.every(([pattern, value]) => matchesAnchored(pattern, value))) {
    return false;
  }
  const namespaces = [object.namespace ?? '', ...(object.previousNamespaces ?? [])];
  if (!namespaces.some((namespace) => matchesAnchored(target.namespace, namespace))) {
    return false;
  }
  const metadata = isRecord(object.value['metadata']) ? object.value['metadata'] : {};
  return (
    matchesLabelSelector(target.labelSelector, stringMap(metadata['labels'])) &&
    matchesLabelSelector(target.annotationSelector, stringMap(metadata['annotations']))
  );
}

function matchesAnchored(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined || pattern === '') {
    return true;
  }
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

/** True when a pattern uses `*` the way a shell glob does, without a preceding `.`. */
export function looksLikeGlob(pattern: string): boolean {
  return /(^|[^.\\\])])\*/.test(pattern);
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) {
    return {};
  }
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, String(entry)]));
}

/**
 * Evaluates a Kubernetes label selector string: `k=v`, `k==v`, `k!=v`, `k`, `!k`,
 * `k in (a,b)` and `k notin (a,b)`, joined by commas.
 */
export function matchesLabelSelector(
  selector: string | undefined,
  labels: Record<string, string>,
): boolean {
  if (selector === undefined || selector.trim() === '') {
    return true;
  }
  return splitRequirements(selector).every((requirement) =>
    matchesRequirement(requirement.trim(), labels),
  );
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    }
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}

function matchesRequirement(requirement: string, labels: Record<string, string>): boolean {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
  if (set !== null) {
    const values = (set[3] ?? '').split(',').map((value) => value.trim());
    const label = labels[set[1] ?? ''];
    const isIn = label !== undefined && values.includes(label);
    return set[2] === 'in' ? isIn : !isIn;
  }
  const equality = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(requirement);
  if (equality !== null) {
    const same = labels[equality[1] ?? ''] === equality[3];
    return equality[2] === '!=' ? !same : same;
  }
  if (requirement.startsWith('!')) {
    return labels[requirement.slice(1).trim()] === undefined;
  }
  return labels[requirement] !== undefined;
}

/** Describes an object for messages: `Deployment myapp (namespace shop)`. */
export function describeObject(object: SourceObject): string {
  const namespace = object.namespace === undefined ? '' : ` (namespace ${object.namespace})`;
  return `${object.kind} ${object.name}${namespace}`;
}
