import * as YAML from 'yaml';
import type { ParsedFiles } from '../lint/parsedFiles';
import type { SourceObject } from '../lint/objects';
import type { PatchBody, PatchEntry } from '../lint/patchEntries';
import { patchEntries } from '../lint/patchEntries';
import { selects } from '../lint/selector';
import type { JsonObject } from '../drift/types';
import type { Kustomization } from '../workspace/kustomization';
import type { SourceRange } from '../yamlFile';
import { findPair, scalarString } from '../yamlFile';
import { followPath } from './yamlPath';

/** Place where a patch sets a field: the file and the range of the value or operation. */
export interface PatchHit {
  readonly file: string;
  readonly range: SourceRange;
}

/**
 * Finds the patch of one kustomization that sets the field at `pointer` of `object`. Later
 * patches are searched first, because kustomize applies them in written order and the last
 * write wins.
 */
export function findPatchSetting(
  kustomization: Kustomization,
  files: ParsedFiles,
  object: SourceObject,
  pointer: { readonly text: string; readonly segments: readonly string[] },
  rendered: JsonObject | undefined,
): PatchHit | undefined {
  const entries = patchEntries(kustomization, files).reverse();
  for (const entry of entries) {
    const body = entry.body;
    if (body === undefined || (entry.target !== undefined && !selects(entry.target, object))) {
      continue;
    }
    const hit =
      entry.kind === 'json6902'
        ? findOperation(body, pointer.text)
        : findMergeField(entry, body, object, pointer.segments, rendered);
    if (hit !== undefined) {
      return hit;
    }
  }
  return undefined;
}

/** Finds the JSON 6902 operation whose path is the drifted field or one of its parents. */
function findOperation(body: PatchBody, pointer: string): PatchHit | undefined {
  const operations = body.documents[0]?.contents;
  if (!YAML.isSeq(operations)) {
    return undefined;
  }
  for (const operation of [...operations.items].reverse()) {
    const path = scalarString(findPair(operation, 'path')?.value);
    if (path === undefined || (pointer !== path && !pointer.startsWith(`${path}/`))) {
      continue;
    }
    const value = findPair(operation, 'value')?.value;
    const node = YAML.isScalar(value) ? value : (operation as YAML.Node);
    return { file: body.file, range: firstLine(body.rangeOf(node)) };
  }
  return undefined;
}

/** Finds the strategic merge patch document for the object that writes the whole path. */
function findMergeField(
  entry: PatchEntry,
  body: PatchBody,
  object: SourceObject,
  segments: readonly string[],
  rendered: JsonObject | undefined,
): PatchHit | undefined {
  for (const document of body.documents) {
    const root = document.contents;
    if (!YAML.isMap(root) || (entry.target === undefined && !namesObject(root, object))) {
      continue;
    }
    const match = followPath(root, segments, rendered);
    if (match.depth === segments.length) {
      const node = YAML.isScalar(match.node) ? match.node : (match.keyNode ?? match.node);
      return { file: body.file, range: firstLine(body.rangeOf(node)) };
    }
  }
  return undefined;
}

/** Kustomize matches a patch without a target by the kind and name the patch itself carries. */
function namesObject(root: YAML.YAMLMap, object: SourceObject): boolean {
  const kind = scalarString(findPair(root, 'kind')?.value);
  const metadata = findPair(root, 'metadata')?.value;
  const name = scalarString(findPair(metadata, 'name')?.value);
  return kind === object.kind && name === object.name;
}

/** Narrows a range to its first line, so a diagnostic marks one line, not a whole block. */
export function firstLine(range: SourceRange): SourceRange {
  if (range.endLine === range.startLine) {
    return range;
  }
  return { ...range, endLine: range.startLine, endColumn: Number.MAX_SAFE_INTEGER };
}
