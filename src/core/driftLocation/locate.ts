import * as YAML from 'yaml';
import type { SourceObject } from '../lint/objects';
import { collectSourceObjects } from '../lint/objects';
import { ParsedFiles } from '../lint/parsedFiles';
import type { JsonObject, JsonValue } from '../drift/types';
import { parsePointer } from '../drift/jsonPointer';
import type { Kustomization } from '../workspace/kustomization';
import type { WorkspaceModel } from '../workspace/model';
import type { KustomizationRoot } from '../workspace/roots';
import type { SourceRange } from '../yamlFile';
import { findPair, rangeOfNode, scalarString } from '../yamlFile';
import { reachesFile, rootChain } from './chain';
import { findPatchSetting, firstLine } from './patches';
import { findTransformerField } from './transformers';
import { followPath } from './yamlPath';

/** Kind of line a drifted field was traced to. */
export type DriftSourceKind =
  | 'images-entry'
  | 'container-image'
  | 'replicas-entry'
  | 'patch'
  | 'transformer'
  | 'resource'
  | 'kustomization-entry'
  | 'kustomization';

/** The source line that sets a drifted field. Lines and columns are 0-based. */
export interface DriftLocation {
  readonly file: string;
  readonly range: SourceRange;
  readonly kind: DriftSourceKind;
}

/** A rendered object named by its kind, name and namespace as the render outputs them. */
export interface DriftObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The rendered manifest; it picks list items by name and gives the rendered image. */
  readonly rendered?: JsonObject;
}

interface Search {
  readonly model: WorkspaceModel;
  readonly files: ParsedFiles;
  readonly overlay: KustomizationRoot;
  readonly chain: readonly KustomizationRoot[];
  readonly object: DriftObject;
  readonly source: SourceObject | undefined;
  readonly pointer: { readonly text: string; readonly segments: readonly string[] };
}

/**
 * Traces the field at JSON pointer `pointer` of a rendered object back to the line that sets
 * it: the `images:` entry or container `image:` for images, the `replicas:` entry for
 * replicas, else the last patch that writes the field, a transformer field such as
 * `namespace:`, or the field in the resource file. When none of these writes the field, it
 * returns the overlay's `resources:` entry that leads to the object, else the top of the
 * overlay's kustomization. Returns undefined only when `overlayDir` is no kustomization root.
 */
export function locateDrift(
  model: WorkspaceModel,
  overlayDir: string,
  object: DriftObject,
  pointer: string,
  files: ParsedFiles = new ParsedFiles(model.source),
): DriftLocation | undefined {
  const overlay = model.root(overlayDir);
  if (overlay === undefined) {
    return undefined;
  }
  const objects = collectSourceObjects(model, overlay, files).objects;
  const search: Search = {
    model,
    files,
    overlay,
    chain: rootChain(model, overlay),
    object,
    source: findSourceObject(objects, object),
    pointer: { text: pointer, segments: parsePointer(pointer) },
  };
  return locateField(search) ?? fallback(search);
}

function locateField(search: Search): DriftLocation | undefined {
  const segments = search.pointer.segments;
  if (isImagePath(segments)) {
    return locateImage(search);
  }
  if (segments.join('/') === 'spec/replicas') {
    return inChain(search, (root) => replicasEntry(root, search)) ?? resourceField(search);
  }
  return inChain(search, () => undefined) ?? resourceField(search);
}

/**
 * Searches the chain overlay first; in each root, `special` (an `images:` or `replicas:`
 * entry) comes before its patches and transformer fields.
 */
function inChain(
  search: Search,
  special: (root: Kustomization) => DriftLocation | undefined,
): DriftLocation | undefined {
  for (const root of search.chain) {
    const kustomization = root.kustomization;
    if (kustomization === undefined) {
      continue;
    }
    const found =
      special(kustomization) ??
      patchIn(kustomization, search) ??
      transformerIn(kustomization, search);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

function patchIn(kustomization: Kustomization, search: Search): DriftLocation | undefined {
  if (search.source === undefined) {
    return undefined;
  }
  const rendered = search.object.rendered;
  const { files, source, pointer } = search;
  const hit = findPatchSetting(kustomization, files, source, pointer, rendered);
  return hit === undefined ? undefined : { ...hit, kind: 'patch' };
}

function transformerIn(kustomization: Kustomization, search: Search): DriftLocation | undefined {
  const range = findTransformerField(kustomization, search.pointer.segments);
  if (range === undefined) {
    return undefined;
  }
  return { file: kustomization.file.path, range, kind: 'transformer' };
}

/** Container images live at `.../containers/<n>/image` or `.../initContainers/<n>/image`. */
function isImagePath(segments: readonly string[]): boolean {
  const length = segments.length;
  const list = segments[length - 3];
  return segments[length - 1] === 'image' && (list === 'containers' || list === 'initContainers');
}

function locateImage(search: Search): DriftLocation | undefined {
  const names = imageNames(search);
  const entry = (kustomization: Kustomization) => imagesEntry(kustomization, names);
  return inChain(search, entry) ?? resourceField(search, 'container-image');
}

/** Collects the image names an `images:` entry may match: as written and as rendered. */
function imageNames(search: Search): Set<string> {
  const names = new Set<string>();
  const written = search.source?.node === undefined ? undefined : sourceValue(search);
  const rendered = valueAt(search.object.rendered, search.pointer.segments);
  for (const image of [written, rendered]) {
    if (typeof image === 'string') {
      names.add(imageName(image));
    }
  }
  return names;
}

function sourceValue(search: Search): string | undefined {
  const node = search.source?.node;
  if (node === undefined) {
    return undefined;
  }
  const match = followPath(node, search.pointer.segments, search.object.rendered);
  return match.depth === search.pointer.segments.length ? scalarString(match.node) : undefined;
}

/** Strips the tag and digest: `host:5000/shop/web:1.2@sha256:...` becomes `host:5000/shop/web`. */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

function imagesEntry(
  kustomization: Kustomization,
  names: ReadonlySet<string>,
): DriftLocation | undefined {
  const entry = kustomization.images.find((candidate) => {
    return (
      (candidate.name !== undefined && names.has(candidate.name)) ||
      (candidate.newName !== undefined && names.has(candidate.newName))
    );
  });
  if (entry === undefined) {
    return undefined;
  }
  const fields = entry.fieldRanges;
  const field = fields.get('newTag') ?? fields.get('digest') ?? fields.get('newName');
  const range = field ?? entry.range;
  return { file: kustomization.file.path, range: firstLine(range), kind: 'images-entry' };
}

/** Finds the `replicas:` entry of the kustomization that names the object. */
function replicasEntry(kustomization: Kustomization, search: Search): DriftLocation | undefined {
  const list = findPair(kustomization.root, 'replicas')?.value;
  if (!YAML.isSeq(list)) {
    return undefined;
  }
  const names = new Set([search.object.name, search.source?.name]);
  const item = list.items.find((candidate) => {
    return names.has(scalarString(findPair(candidate, 'name')?.value));
  });
  const count = findPair(item, 'count')?.value;
  if (!YAML.isNode(count)) {
    return undefined;
  }
  const range = firstLine(rangeOfNode(kustomization.file, count));
  return { file: kustomization.file.path, range, kind: 'replicas-entry' };
}

/** Finds the field in the resource file, when the file writes the whole path. */
function resourceField(
  search: Search,
  kind: DriftSourceKind = 'resource',
): DriftLocation | undefined {
  const source = search.source;
  if (source?.node === undefined || source.yamlFile === undefined) {
    return undefined;
  }
  const segments = search.pointer.segments;
  const match = followPath(source.node, segments, search.object.rendered);
  if (match.depth !== segments.length) {
    return undefined;
  }
  const node = YAML.isScalar(match.node) ? match.node : (match.keyNode ?? match.node);
  return { file: source.file, range: firstLine(rangeOfNode(source.yamlFile, node)), kind };
}

/** Returns the overlay's entry that leads to the object's file, else the top of the file. */
function fallback(search: Search): DriftLocation {
  const kustomization = search.overlay.kustomization;
  const file = search.source?.file;
  const reference = kustomization?.references.find((candidate) => {
    if (file === undefined || !['resources', 'bases', 'components'].includes(candidate.field)) {
      return false;
    }
    const child = search.model.root(candidate.absolutePath);
    return candidate.absolutePath === file || (child !== undefined && leadsTo(search, child, file));
  });
  if (kustomization !== undefined && reference !== undefined) {
    return { file: kustomization.file.path, range: reference.range, kind: 'kustomization-entry' };
  }
  const top: SourceRange = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };
  return { file: search.overlay.filePath, range: top, kind: 'kustomization' };
}

function leadsTo(search: Search, root: KustomizationRoot, file: string): boolean {
  return file === root.filePath || reachesFile(search.model, root, file);
}

/**
 * Finds the written object behind a rendered one. Names may carry a `namePrefix` or
 * `nameSuffix`, so a rendered name that contains the written name also matches. The longest
 * such name wins, then one in the same namespace.
 */
function findSourceObject(
  objects: readonly SourceObject[],
  object: DriftObject,
): SourceObject | undefined {
  const named = objects.filter((candidate) => {
    const sameKind = candidate.kind === object.kind;
    return sameKind && candidate.name !== '' && object.name.includes(candidate.name);
  });
  named.sort((left, right) => {
    const byLength = right.name.length - left.name.length;
    return byLength !== 0 ? byLength : namespaceRank(left, object) - namespaceRank(right, object);
  });
  return named[0];
}

function namespaceRank(candidate: SourceObject, object: DriftObject): number {
  return object.namespace === undefined || candidate.namespace === object.namespace ? 0 : 1;
}

function valueAt(value: JsonValue | undefined, segments: readonly string[]): JsonValue | undefined {
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      current = current[Number(segment)];
    } else if (typeof current === 'object' && current !== null) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
