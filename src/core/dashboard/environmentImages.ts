import type { ImageEntry } from '../workspace/kustomization';
import type { WorkspaceModel } from '../workspace/model';

/** An `images:` entry that applies to an environment, with the file that writes it. */
export interface AppliedImageEntry {
  readonly entry: ImageEntry & { readonly name: string };
  readonly file: string;
}

/**
 * Collects the `images:` entries that set each image name for the overlay in `dir`. The overlay's
 * own entries win over those of the roots it builds on, and nearer roots over farther ones,
 * because kustomize applies an overlay's image transformer after those of its bases.
 */
export function imageEntriesOf(model: WorkspaceModel, dir: string): Map<string, AppliedImageEntry> {
  const found = new Map<string, AppliedImageEntry>();
  const visited = new Set<string>();
  let level = [dir];

  while (level.length > 0) {
    const next: string[] = [];
    for (const current of level) {
      if (visited.has(current)) {
        continue;
      }
      visited.add(current);
      addEntries(model, current, found);
      next.push(...(model.root(current)?.rootReferences ?? []));
    }
    level = next;
  }
  return found;
}

function addEntries(
  model: WorkspaceModel,
  dir: string,
  found: Map<string, AppliedImageEntry>,
): void {
  const root = model.root(dir);
  const kustomization = root?.kustomization;
  if (root === undefined || kustomization === undefined) {
    return;
  }

  for (const entry of kustomization.images) {
    const name = entry.name;
    if (name !== undefined && name !== '' && !found.has(name)) {
      found.set(name, { entry: { ...entry, name }, file: root.filePath });
    }
  }
}

/** The fields of an `images:` entry that set the image, as parsed by any reader. */
interface ImageValueFields {
  readonly newName?: string | undefined;
  readonly newTag?: string | undefined;
  readonly digest?: string | undefined;
}

/** Returns the value an entry writes, as `newName:newTag@digest` with missing parts left out. */
export function entryValue(entry: ImageValueFields): string {
  const name = entry.newName ?? '';
  const tag = entry.newTag === undefined ? '' : `:${entry.newTag}`;
  const digest = entry.digest === undefined ? '' : `@${entry.digest}`;
  return `${name}${tag}${digest}`.replace(/^:/, '');
}

/**
 * Returns the short form shown in a matrix cell: the tag, else the digest cut to 12 hex digits, else
 * the new name. A tag and a digest together show as `tag@sha256:0123456789ab`.
 */
export function displayValue(entry: Pick<ImageEntry, 'newName' | 'newTag' | 'digest'>): string {
  const digest = entry.digest === undefined ? undefined : shortDigest(entry.digest);
  if (entry.newTag !== undefined && digest !== undefined) {
    return `${entry.newTag}@${digest}`;
  }
  return entry.newTag ?? digest ?? entry.newName ?? '';
}

function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon === -1 ? digest.slice(0, 12) : digest.slice(0, colon + 13);
}
