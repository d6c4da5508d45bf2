import * as YAML from 'yaml';
import { findPair } from '../yamlFile';
import { valueFields, type ImageEntry } from './entries';

/** One `images:` entry with the YAML node it was read from. */
export interface ImageEntryNode {
  readonly entry: ImageEntry;
  readonly node: YAML.YAMLMap;
  /** 0-based line of the entry's first key. */
  readonly line: number;
  /** Fields whose value YAML reads as something other than a string, such as `newTag: 1.10`. */
  readonly nonStringFields: readonly string[];
}

/**
 * The image list of a kustomization document: the `images` field, or the deprecated
 * `imageTags` field when only that one is present (kustomize v5.5.0 still reads it).
 */
export interface ImagesSection {
  readonly root: YAML.YAMLMap | undefined;
  readonly key: 'images' | 'imageTags';
  readonly pair: YAML.Pair | undefined;
  readonly sequence: YAML.YAMLSeq | undefined;
  readonly entries: readonly ImageEntryNode[];
}

/** A kustomization whose image list cannot be edited safely. */
export class ImagesSectionError extends Error {}

/** Parses kustomization text and finds its image list. */
export function parseKustomizationDocument(path: string, text: string): YAML.Document.Parsed {
  const documents = YAML.parseAllDocuments(text, {
    keepSourceTokens: true,
    uniqueKeys: false,
    logLevel: 'silent',
  });
  const list = Array.isArray(documents) ? documents : [];
  const withContent = list.filter((document) => document.contents !== null);
  if (withContent.length > 1) {
    throw new ImagesSectionError(
      `${path}: invalid kustomization: the file contains ${withContent.length} YAML documents, but kustomize reads only one. Split it into separate files`,
    );
  }

  const document = withContent[0] ?? list[0] ?? YAML.parseDocument('');
  const error = document.errors[0];
  if (error !== undefined) {
    const line = lineOfOffset(text, error.pos[0]) + 1;
    throw new ImagesSectionError(
      `${path}:${line}: invalid YAML: ${error.message.split('\n')[0] ?? ''}`,
    );
  }
  return document as YAML.Document.Parsed;
}

/** Reads the image list of a parsed kustomization document. */
export function readImagesSection(
  path: string,
  text: string,
  document: YAML.Document,
): ImagesSection {
  const contents = document.contents;
  if (contents !== null && !(YAML.isMap(contents) && contents.flow !== true)) {
    throw new ImagesSectionError(
      `${path}: the top level is not a block mapping, so it is not a kustomization`,
    );
  }

  const root = contents === null ? undefined : contents;
  const imagesPair = findPair(root, 'images');
  const key =
    imagesPair === undefined && findPair(root, 'imageTags') !== undefined ? 'imageTags' : 'images';
  const pair = findPair(root, key);
  const value = pair?.value;
  if (value !== undefined && value !== null && !YAML.isSeq(value) && !isNullScalar(value)) {
    const line = lineOfOffset(text, (value as YAML.Node).range?.[0] ?? 0) + 1;
    throw new ImagesSectionError(`${path}:${line}: "${key}" must be a list of entries`);
  }

  const sequence = YAML.isSeq(value) ? value : undefined;
  const lineOf = lineLocator(text);
  const entries = (sequence?.items ?? []).map((item, index) =>
    readEntry(path, lineOf, item, index),
  );
  return { root, key, pair, sequence, entries };
}

function readEntry(
  path: string,
  lineOf: (offset: number) => number,
  item: unknown,
  index: number,
): ImageEntryNode {
  const line = lineOf(YAML.isNode(item) ? (item.range?.[0] ?? 0) : 0);
  if (!YAML.isMap(item)) {
    throw new ImagesSectionError(`${path}:${line + 1}: image entry ${index + 1} is not a mapping`);
  }

  const name = fieldText(findPair(item, 'name')?.value);
  if (name === undefined || name === '') {
    throw new ImagesSectionError(`${path}:${line + 1}: image entry ${index + 1} has no name`);
  }

  const entry: Record<string, string> = { name };
  const nonStringFields: string[] = [];
  for (const field of valueFields) {
    const valueNode = findPair(item, field)?.value;
    const fieldValue = fieldText(valueNode);
    if (fieldValue !== undefined && fieldValue !== '') {
      entry[field] = fieldValue;
    }
    if (
      YAML.isScalar(valueNode) &&
      valueNode.value !== null &&
      typeof valueNode.value !== 'string'
    ) {
      nonStringFields.push(field);
    }
  }

  return { entry: entry as unknown as ImageEntry, node: item, line, nonStringFields };
}

/**
 * Returns the text of a scalar field. A value YAML reads as a number keeps its source text, so
 * `newTag: 1.10` reads as `1.10` rather than `1.1`.
 */
function fieldText(node: unknown): string | undefined {
  if (!YAML.isScalar(node) || node.value === null || node.value === undefined) {
    return undefined;
  }
  if (typeof node.value !== 'string' && typeof node.source === 'string') {
    return node.source;
  }
  return String(node.value);
}

export function isNullScalar(node: unknown): boolean {
  return YAML.isScalar(node) && (node.value === null || node.value === undefined);
}

/** Returns the 0-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  return lineLocator(text)(offset);
}

/** Builds a function that returns the 0-based line of an offset by binary search over the line starts. */
function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  };
}
