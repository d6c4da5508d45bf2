import { parseImageReference } from '../../core/images/reference';
import type { ImageEntry } from '../../core/workspace/kustomization';
import type { RenderedImage } from './renderedObjects';

/** What one row of an environment's Images group shows. */
export interface ImageRow {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
}

/**
 * One row per `images:` entry, with the rendered containers whose image is exactly what the
 * entry sets, and one row per rendered container that no entry accounts for.
 */
export interface ImageRows {
  readonly entries: readonly { entry: ImageEntry; rendered: RenderedImage[] }[];
  readonly unmatched: readonly RenderedImage[];
}

/** Pairs each rendered container image with the `images:` entry that produced it, if any. */
export function matchImages(
  entries: readonly ImageEntry[],
  rendered: readonly RenderedImage[],
): ImageRows {
  const rows = entries.map((entry) => ({ entry, rendered: [] as RenderedImage[] }));
  const unmatched: RenderedImage[] = [];

  for (const image of rendered) {
    const row = rows.find((candidate) => entryProduces(candidate.entry, image.image));
    if (row === undefined) {
      unmatched.push(image);
    } else {
      row.rendered.push(image);
    }
  }
  return { entries: rows, unmatched };
}

/**
 * True when `image` is the reference an entry makes kustomize write: the entry's new name (or
 * its name) with the tag and digest the entry sets. An entry without a tag or digest keeps the
 * container's own, so any tag agrees with it.
 */
function entryProduces(entry: ImageEntry, image: string): boolean {
  const name = entry.newName ?? entry.name;
  if (name === undefined) {
    return false;
  }
  const reference = parseImageReference(image);
  if (reference.repository !== name) {
    return false;
  }
  const tagAgrees = entry.newTag === undefined || reference.tag === entry.newTag;
  const digestAgrees = entry.digest === undefined || reference.digest === entry.digest;
  return tagAgrees && digestAgrees;
}

/**
 * Returns the label of each repository: its last path component, or the whole repository when
 * another repository in the list ends with the same component.
 */
export function shortLabels(repositories: readonly string[]): Map<string, string> {
  const unique = [...new Set(repositories)];
  const counts = new Map<string, number>();
  for (const repository of unique) {
    const name = parseImageReference(repository).name;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  const labels = new Map<string, string>();
  for (const repository of unique) {
    const name = parseImageReference(repository).name;
    labels.set(repository, counts.get(name) === 1 ? name : repository);
  }
  return labels;
}

/** Repository an Images row is about: the entry's name, or the container image without tag. */
export function rowRepository(row: ImageEntry | RenderedImage): string {
  if ('image' in row) {
    return parseImageReference(row.image).repository;
  }
  return row.name ?? '';
}

/** Describes an `images:` entry row, saying which rendered containers it agrees with. */
export function entryRow(
  entry: ImageEntry,
  rendered: readonly RenderedImage[],
  label: string,
  kustomizationFile: string,
): ImageRow {
  const version = entryVersion(entry);
  const origin = rendered.length === 0 ? 'images: entry' : 'images: entry, rendered';
  const lines = [
    `${entry.name ?? '(no name)'} → ${entryTarget(entry)}`,
    `images[${entry.index}] in ${kustomizationFile}`,
    ...rendered.map((image) => `Rendered in ${containerName(image)}`),
  ];
  return { label, description: `${version} · ${origin}`, tooltip: lines.join('\n') };
}

/** Describes a rendered container image that no `images:` entry sets. */
export function renderedRow(image: RenderedImage, label: string): ImageRow {
  const reference = parseImageReference(image.image);
  const version = referenceVersion(reference.tag, reference.digest) ?? 'no tag';
  const tooltip = `${image.image}\nRendered in ${containerName(image)}; no images: entry sets it`;
  return { label, description: `${version} · rendered`, tooltip };
}

/** The tag and digest an entry sets, with the new name when it renames the image. */
function entryVersion(entry: ImageEntry): string {
  if (entry.newName !== undefined) {
    return `→ ${entryTarget(entry)}`;
  }
  return referenceVersion(entry.newTag, entry.digest) ?? 'unchanged';
}

/** The reference kustomize writes for an entry; `:<tag>` stands for a kept tag. */
function entryTarget(entry: ImageEntry): string {
  const name = entry.newName ?? entry.name ?? '';
  const tag = entry.newTag === undefined ? '' : `:${entry.newTag}`;
  const digest = entry.digest === undefined ? '' : `@${entry.digest}`;
  return tag === '' && digest === '' ? `${name} (tag unchanged)` : `${name}${tag}${digest}`;
}

function referenceVersion(tag: string | undefined, digest: string | undefined): string | undefined {
  if (tag === undefined && digest === undefined) {
    return undefined;
  }
  if (digest === undefined) {
    return tag;
  }
  return tag === undefined ? digest : `${tag}@${digest}`;
}

function containerName(image: RenderedImage): string {
  return `${image.workload}, container ${image.container}`;
}
