import * as YAML from 'yaml';
import type {
  DifferenceGroup,
  EnvironmentComparison,
  FieldDifference,
  ObjectComparison,
} from '../../shared/dashboardProtocol';
import type { RenderResult } from '../render/renderResult';
import type { Environment } from '../workspace/environments';

/** Renders one kustomization folder, for example `Renderer.render`. */
export type RenderFunction = (dir: string) => Promise<RenderResult>;

/** Renders two environments and compares their manifests object by object. */
export async function compareEnvironments(
  render: RenderFunction,
  left: Environment,
  right: Environment,
): Promise<EnvironmentComparison> {
  const [leftResult, rightResult] = await Promise.all([render(left.dir), render(right.dir)]);
  const failed = [leftResult, rightResult].find((result) => !result.ok);
  if (failed !== undefined) {
    const error = failed.error?.message ?? `rendering ${failed.dir} failed`;
    return { left: left.name, right: right.name, objects: [], unchanged: 0, error };
  }
  return compareManifests(left.name, leftResult.yaml, right.name, rightResult.yaml);
}

/**
 * Compares two multi-document manifests. Objects are matched by kind and name, not namespace,
 * because environments usually differ in namespace. Generated ConfigMaps and Secrets are matched
 * without the hash suffix kustomize appends to their names, so a changed value shows as a
 * changed field rather than as one object removed and another added.
 */
export function compareManifests(
  leftName: string,
  leftYaml: string,
  rightName: string,
  rightYaml: string,
): EnvironmentComparison {
  const leftObjects = objectsByKey(leftYaml);
  const rightObjects = objectsByKey(rightYaml);
  const keys = [...new Set([...leftObjects.keys(), ...rightObjects.keys()])].sort();
  const objects: ObjectComparison[] = [];
  let unchanged = 0;

  for (const key of keys) {
    const comparison = compareObject(key, leftObjects.get(key), rightObjects.get(key));
    if (comparison === undefined) {
      unchanged += 1;
    } else {
      objects.push(comparison);
    }
  }
  return { left: leftName, right: rightName, objects, unchanged, error: undefined };
}

function compareObject(key: string, left: unknown, right: unknown): ObjectComparison | undefined {
  if (left === undefined) {
    return { key, status: 'only-right', differences: [] };
  }
  if (right === undefined) {
    return { key, status: 'only-left', differences: [] };
  }

  const kind = key.slice(0, key.indexOf('/'));
  const leftFields = flatten(left);
  const rightFields = flatten(right);
  const paths = [...new Set([...leftFields.keys(), ...rightFields.keys()])].sort();
  const differences: FieldDifference[] = [];

  for (const fieldPath of paths) {
    const leftValue = leftFields.get(fieldPath);
    const rightValue = rightFields.get(fieldPath);
    if (leftValue !== rightValue && !isIgnored(kind, fieldPath)) {
      differences.push({
        path: fieldPath,
        group: groupOf(kind, fieldPath),
        left: leftValue,
        right: rightValue,
      });
    }
  }
  differences.sort((a, b) => groupOrder.indexOf(a.group) - groupOrder.indexOf(b.group));
  return differences.length === 0 ? undefined : { key, status: 'changed', differences };
}

/**
 * Tells whether a difference is expected between any two environments: the namespace, and the
 * hash suffix in the name of a generated ConfigMap or Secret, which already matched by key.
 */
function isIgnored(kind: string, fieldPath: string): boolean {
  if (fieldPath === 'metadata.namespace') {
    return true;
  }
  return fieldPath === 'metadata.name' && (kind === 'ConfigMap' || kind === 'Secret');
}

const groupOrder: readonly DifferenceGroup[] = ['images', 'replicas', 'config', 'other'];

function groupOf(kind: string, fieldPath: string): DifferenceGroup {
  if (/(^|\.)image$/.test(fieldPath) || /\.images\[/.test(fieldPath)) {
    return 'images';
  }
  if (/(^|\.)replicas$/.test(fieldPath)) {
    return 'replicas';
  }
  if (
    (kind === 'ConfigMap' || kind === 'Secret') &&
    /^(data|stringData|binaryData)\./.test(fieldPath)
  ) {
    return 'config';
  }
  if (
    /\.(env|envFrom)\[|\.configMap\.|\.secret\.|configMapRef|secretRef|configMapKeyRef|secretKeyRef/.test(
      fieldPath,
    )
  ) {
    return 'config';
  }
  return 'other';
}

/** Matches the `-` and ten characters kustomize appends to generated ConfigMap and Secret names. */
const generatedSuffix = /-[a-z0-9]{10}$/;

function objectsByKey(yaml: string): Map<string, unknown> {
  const objects = new Map<string, unknown>();
  for (const document of YAML.parseAllDocuments(yaml)) {
    const object: unknown = document instanceof YAML.Document ? document.toJS() : undefined;
    const key = keyOf(object);
    if (key !== undefined) {
      objects.set(key, object);
    }
  }
  return objects;
}

function keyOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) {
    return undefined;
  }
  const kind = (object as { kind?: unknown }).kind;
  const name = (object as { metadata?: { name?: unknown } }).metadata?.name;
  if (typeof kind !== 'string' || typeof name !== 'string') {
    return undefined;
  }
  const generated = kind === 'ConfigMap' || kind === 'Secret';
  return `${kind}/${generated ? name.replace(generatedSuffix, '') : name}`;
}

/**
 * Flattens an object into `path -> value` pairs, values as compact JSON. List items that have a
 * `name` are addressed by it (`containers[api].image`), so reordering does not show as a change.
 * References to generated ConfigMaps and Secrets lose their hash suffix, as in the object key.
 */
export function flatten(
  value: unknown,
  prefix = '',
  out = new Map<string, string>(),
): Map<string, string> {
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, `${prefix}[${itemKey(item, index)}]`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, prefix === '' ? key : `${prefix}.${key}`, out);
    }
  } else {
    const text =
      typeof value === 'string' ? stripIfReference(prefix, value) : JSON.stringify(value);
    out.set(prefix, text ?? 'null');
  }
  return out;
}

/** Fields that name a ConfigMap or Secret, whose generated names carry a hash suffix. */
const generatedReference =
  /(configMap|configMapRef|configMapKeyRef|secret|secretRef|secretKeyRef)\.name$|secretName$/;

function stripIfReference(fieldPath: string, value: string): string {
  return generatedReference.test(fieldPath) ? value.replace(generatedSuffix, '') : value;
}

function itemKey(item: unknown, index: number): string {
  const name =
    typeof item === 'object' && item !== null ? (item as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name.replace(generatedSuffix, '') : String(index);
}
