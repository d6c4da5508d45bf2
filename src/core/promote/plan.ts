import { readFileSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import * as YAML from 'yaml';
import { setImagesInText, type SetImageResult } from '../images/edit';
import type { ImageEntry } from '../images/entries';
import { resolveKustomizationFile } from '../images/file';
import { parseKustomizationDocument, readImagesSection } from '../images/section';
import { keepExisting, type SetImageRequest } from '../images/setImageArgs';
import { setImageWarnings, type ImageWarning } from '../images/warnings';
import { unifiedDiff } from './unifiedDiff';

/** Renders an overlay folder and returns the manifests as YAML text, for example with `kustomize build`. */
export type RenderOverlay = (overlayFolder: string) => Promise<string>;

/** The image an entry produces: name, tag and digest, each undefined when the entry leaves it alone. */
export interface ImageVersion {
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** Rule that paired a source entry with a target entry. */
export type ImageMatch = 'name' | 'new-name' | 'only-entry' | 'added';

/** One image of a promotion: the source entry and the target entry before and after. */
export interface PromotedImage {
  readonly source: ImageEntry;
  readonly match: ImageMatch;
  readonly targetBefore: ImageEntry | undefined;
  readonly targetAfter: ImageEntry;
  readonly current: ImageVersion | undefined;
  readonly next: ImageVersion;
  readonly changed: boolean;
}

export interface PromotionPlan {
  readonly sourceEnvironment: string;
  readonly targetEnvironment: string;
  readonly sourceFile: string;
  readonly targetFile: string;
  readonly images: readonly PromotedImage[];
  /** Source entries with no counterpart in the target, left out unless `addMissing` is set. */
  readonly unmatched: readonly ImageEntry[];
  readonly targetText: string;
  readonly newTargetText: string;
  readonly diff: string;
  readonly warnings: readonly ImageWarning[];
  readonly edit: SetImageResult;
}

export interface PromotionOptions {
  /** Only promote source entries with these names. */
  readonly images?: readonly string[];
  /** Add source entries that have no counterpart in the target as new target entries. */
  readonly addMissing?: boolean;
  /** Renders the target before the edit, so warnings can name entries that match no container. */
  readonly render?: RenderOverlay;
}

/**
 * Plans a promotion: for each image entry of the source overlay, copies its tag and digest into
 * the matching entry of the target overlay and keeps the target's own `newName`, because
 * environments often pull the same build from different registries. A source entry matches the
 * target entry with the same name, else the one producing the same image name, else the only
 * entry when both overlays have exactly one. Nothing is written.
 */
export async function planPromotion(
  source: string,
  target: string,
  options: PromotionOptions = {},
): Promise<PromotionPlan> {
  const sourceFile = resolveKustomizationFile(source);
  const targetFile = resolveKustomizationFile(target);
  const sourceEntries = readEntries(sourceFile).filter(
    (entry) => options.images === undefined || options.images.includes(entry.name),
  );
  const targetText = readFileSync(targetFile, 'utf8');
  const targetEntries = readEntries(targetFile, targetText);

  const pairs = pairEntries(sourceEntries, targetEntries, options.addMissing === true);
  const requests = pairs.map((pair) => requestFor(pair.source, pair.target));
  const edit = setImagesInText(targetFile, targetText, requests);
  const images = pairs.map((pair, index) =>
    describe(pair, edit.changes[index]?.after ?? pair.source),
  );

  const rendered =
    options.render === undefined
      ? undefined
      : imagesInManifests(await options.render(dirname(targetFile)));
  return {
    sourceEnvironment: basename(dirname(sourceFile)),
    targetEnvironment: basename(dirname(targetFile)),
    sourceFile,
    targetFile,
    images,
    unmatched: sourceEntries.filter((entry) => !pairs.some((pair) => pair.source === entry)),
    targetText,
    newTargetText: edit.text,
    diff: unifiedDiff(
      targetText,
      edit.text,
      `a/${diffLabel(sourceFile, targetFile)}`,
      `b/${diffLabel(sourceFile, targetFile)}`,
    ),
    warnings: setImageWarnings(edit, requests, rendered),
    edit,
  };
}

/** Names the target file from the folder above the deepest folder it shares with the source, such as `env/03-production/kustomization.yaml`. */
function diffLabel(sourceFile: string, targetFile: string): string {
  const sourceParts = resolve(sourceFile).split(sep);
  const targetParts = resolve(targetFile).split(sep);
  let shared = 0;
  while (shared < sourceParts.length - 1 && sourceParts[shared] === targetParts[shared]) {
    shared++;
  }
  return targetParts.slice(Math.max(0, shared - 1)).join('/');
}

function readEntries(file: string, text = readFileSync(file, 'utf8')): ImageEntry[] {
  const document = parseKustomizationDocument(file, text);
  return readImagesSection(file, text, document).entries.map((node) => node.entry);
}

interface EntryPair {
  readonly source: ImageEntry;
  readonly target: ImageEntry | undefined;
  readonly match: ImageMatch;
}

function pairEntries(
  sourceEntries: readonly ImageEntry[],
  targetEntries: readonly ImageEntry[],
  addMissing: boolean,
): EntryPair[] {
  const produced = (entry: ImageEntry): string => entry.newName ?? entry.name;
  const pairs: EntryPair[] = [];
  const used = new Set<ImageEntry>();
  for (const source of sourceEntries) {
    const free = targetEntries.filter((entry) => !used.has(entry));
    const byName = free.find((entry) => entry.name === source.name);
    const byNewName = free.find((entry) => produced(entry) === produced(source));
    if (byName !== undefined) {
      pairs.push({ source, target: byName, match: 'name' });
    } else if (byNewName !== undefined) {
      pairs.push({ source, target: byNewName, match: 'new-name' });
    } else if (sourceEntries.length === 1 && targetEntries.length === 1) {
      pairs.push({ source, target: targetEntries[0], match: 'only-entry' });
    } else if (addMissing && !targetEntries.some((entry) => entry.name === source.name)) {
      pairs.push({ source, target: undefined, match: 'added' });
    }
    const target = pairs.at(-1)?.source === source ? pairs.at(-1)?.target : undefined;
    if (target !== undefined) {
      used.add(target);
    }
  }
  return pairs;
}

function requestFor(source: ImageEntry, target: ImageEntry | undefined): SetImageRequest {
  if (target === undefined) {
    const { name, newName, newTag, digest } = source;
    return { argument: name, name, newName, newTag, digest, emptyTag: false };
  }
  const { newTag, digest } = source;
  return {
    argument: target.name,
    name: target.name,
    newName: keepExisting,
    newTag,
    digest,
    emptyTag: false,
  };
}

function describe(pair: EntryPair, targetAfter: ImageEntry): PromotedImage {
  const version = (entry: ImageEntry): ImageVersion => ({
    name: entry.newName ?? entry.name,
    tag: entry.newTag,
    digest: entry.digest,
  });
  const current = pair.target === undefined ? undefined : version(pair.target);
  const next = version(targetAfter);
  const changed =
    current === undefined ||
    current.name !== next.name ||
    current.tag !== next.tag ||
    current.digest !== next.digest;
  return {
    source: pair.source,
    match: pair.match,
    targetBefore: pair.target,
    targetAfter,
    current,
    next,
    changed,
  };
}

/**
 * Collects the images of every `containers` and `initContainers` list in rendered manifests,
 * the lists the kustomize image transformer updates at any depth.
 */
export function imagesInManifests(manifests: string): string[] {
  const images = new Set<string>();
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) {
        const image =
          (key === 'containers' || key === 'initContainers') && isRecord(item)
            ? item['image']
            : undefined;
        if (typeof image === 'string') {
          images.add(image);
        }
        visit(item, '');
      }
    } else if (isRecord(value)) {
      for (const [childKey, child] of Object.entries(value)) {
        visit(child, childKey);
      }
    }
  };
  for (const document of YAML.parseAllDocuments(manifests, { logLevel: 'silent' })) {
    visit(document.toJS(), '');
  }
  return [...images];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
