import * as path from 'node:path';
import * as YAML from 'yaml';
import { findPair, scalarString } from '../yamlFile';
import type { LintContext } from './context';
import type { SourceObject } from './objects';
import { isRecord } from './objects';

/** An `image` string outside the container lists that kustomize's images transformer walks. */
export interface ImageField {
  readonly object: SourceObject;
  readonly image: string;
  /** Field path in kustomize's field spec notation, for example `spec/templates[]/script/image`. */
  readonly path: string;
}

/** One entry of the `images` list of a `configurations:` file. */
interface ImageFieldSpec {
  readonly path: string;
  readonly kind: string | undefined;
  readonly group: string | undefined;
}

const containerLists = new Set(['containers', 'initContainers']);

/**
 * Finds `image` strings that kustomize v5.5.0's images transformer leaves alone: it updates
 * every `containers` and `initContainers` list at any depth plus the field specs listed under
 * `images` in the kustomization's `configurations:` files, and it skips CRDs entirely.
 */
export function unreachedImageFields(context: LintContext): ImageField[] {
  const specs = imageFieldSpecs(context);
  const fields: ImageField[] = [];
  for (const object of context.sources.objects) {
    if (object.kind === 'CustomResourceDefinition') {
      continue;
    }
    collectImageFields(object, object.value, [], fields);
  }
  return fields.filter((field) => !specs.some((spec) => specCovers(spec, field)));
}

function collectImageFields(
  object: SourceObject,
  value: unknown,
  steps: string[],
  fields: ImageField[],
): void {
  if (!isRecord(value)) {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === 'image' && typeof child === 'string') {
      fields.push({ object, image: child, path: [...steps, key].join('/') });
      continue;
    }
    if (Array.isArray(child)) {
      // Items of a container list are already updated, so only their nested fields could be missed.
      const step = `${key}[]`;
      const isContainer = containerLists.has(key);
      child.forEach((item) => collectNested(object, item, [...steps, step], isContainer, fields));
      continue;
    }
    collectImageFields(object, child, [...steps, key], fields);
  }
}

function collectNested(
  object: SourceObject,
  item: unknown,
  steps: string[],
  isContainer: boolean,
  fields: ImageField[],
): void {
  if (!isContainer || !isRecord(item)) {
    collectImageFields(object, item, steps, fields);
    return;
  }
  const { image: _updated, ...rest } = item;
  collectImageFields(object, rest, steps, fields);
}

function specCovers(spec: ImageFieldSpec, field: ImageField): boolean {
  if (spec.kind !== undefined && spec.kind !== field.object.kind) {
    return false;
  }
  const group = field.object.apiVersion.includes('/') ? field.object.apiVersion.split('/')[0] : '';
  if (spec.group !== undefined && spec.group !== group) {
    return false;
  }
  return spec.path.replace(/^\/+/, '') === field.path;
}

/** Reads the `images` field specs of the kustomization's own `configurations:` files. */
function imageFieldSpecs(context: LintContext): ImageFieldSpec[] {
  const list = findPair(context.kustomization.root, 'configurations')?.value;
  if (!YAML.isSeq(list)) {
    return [];
  }
  return list.items.flatMap((item) => {
    const relative = scalarString(item);
    const file =
      relative === undefined
        ? undefined
        : context.files.get(path.resolve(context.root.dir, relative));
    const value = file?.documents[0]?.toJS() as unknown;
    const images = isRecord(value) ? value['images'] : undefined;
    return Array.isArray(images) ? images.flatMap(readSpec) : [];
  });
}

function readSpec(entry: unknown): ImageFieldSpec[] {
  if (!isRecord(entry) || typeof entry['path'] !== 'string') {
    return [];
  }
  const kind = typeof entry['kind'] === 'string' ? entry['kind'] : undefined;
  const group = typeof entry['group'] === 'string' ? entry['group'] : undefined;
  return [{ path: entry['path'], kind, group }];
}
