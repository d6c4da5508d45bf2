import type { SetImageResult } from './edit';
import type { ImageEntry } from './entries';
import {
  dockerTagPattern,
  entryNameMatches,
  kustomizeNamePattern,
  kustomizeTagPattern,
  splitKustomizeImage,
} from './reference';
import type { SetImageRequest } from './setImageArgs';

export type ImageWarningCode =
  | 'no-matching-image'
  | 'name-is-regex'
  | 'name-is-invalid-regex'
  | 'name-dot-matches-other-image'
  | 'tag-characters'
  | 'latest-tag'
  | 'empty-tag'
  | 'duplicate-entry'
  | 'redundant-new-name'
  | 'non-string-value'
  | 'chained-entry';

/** A problem with an `images:` entry that does not stop the edit, with the reason in `message`. */
export interface ImageWarning {
  readonly code: ImageWarningCode;
  readonly name: string;
  readonly message: string;
}

const regexCharacters = /[*+?()[\]{}|^$\\]/;

/**
 * Lists the warnings for a set-image edit. `renderedImages` are the container images in the
 * output of `kustomize build` of the overlay before the edit. Without them, the checks that
 * need the rendered overlay are skipped.
 */
export function setImageWarnings(
  result: SetImageResult,
  requests: readonly SetImageRequest[],
  renderedImages?: readonly string[],
): ImageWarning[] {
  const warnings: ImageWarning[] = [];
  for (const change of result.changes) {
    const request = requests.find((candidate) => candidate.name === change.name);
    warnings.push(...nameWarnings(change.after.name, renderedImages, result.before));
    warnings.push(...valueWarnings(change.after, request));
    if (change.removedDuplicateLines.length > 0) {
      const lines = change.removedDuplicateLines.join(', ');
      warnings.push({
        code: 'duplicate-entry',
        name: change.name,
        message: `"${change.name}" had more than one entry; the entries at lines ${lines} were removed and the first one was updated, as kustomize keeps one entry per name`,
      });
    }
  }

  warnings.push(...remainingDuplicates(result.after), ...chainedEntries(result.after));
  for (const field of result.nonStringFields) {
    warnings.push({
      code: 'non-string-value',
      name: field.name,
      message: `${field.field} of "${field.name}" at line ${field.line} is not a string in YAML, so kustomize v5.5.0 rejects the file; put the value in quotes`,
    });
  }
  return warnings;
}

function nameWarnings(
  name: string,
  renderedImages: readonly string[] | undefined,
  before: readonly ImageEntry[],
): ImageWarning[] {
  const warnings: ImageWarning[] = [];
  if (kustomizeNamePattern(name) === undefined) {
    warnings.push({
      code: 'name-is-invalid-regex',
      name,
      message: `"${name}" is not a valid regular expression; kustomize v5.5.0 compiles entry names as expressions and stops with a panic on this one`,
    });
  } else if (regexCharacters.test(name)) {
    warnings.push({
      code: 'name-is-regex',
      name,
      message: `"${name}" contains regular-expression characters; kustomize v5.5.0 matches entry names as unescaped expressions, so it may match other images or none`,
    });
  }
  if (renderedImages === undefined) {
    return warnings;
  }

  const candidates = candidateImages(renderedImages, before);
  if (!candidates.some((image) => entryNameMatches(name, image))) {
    warnings.push({
      code: 'no-matching-image',
      name,
      message: `"${name}" matches no container image of the rendered overlay, so this entry changes nothing; image names must match exactly (kustomize adds no docker.io or library/ prefix)`,
    });
  }
  const lookAlikes = renderedImages.filter(
    (image) => entryNameMatches(name, image) && splitKustomizeImage(image).name !== name,
  );
  if (name.includes('.') && !regexCharacters.test(name) && lookAlikes.length > 0) {
    warnings.push({
      code: 'name-dot-matches-other-image',
      name,
      message: `"${name}" also matches ${lookAlikes.join(', ')} because kustomize v5.5.0 reads each "." in an entry name as any character`,
    });
  }
  return warnings;
}

/**
 * Images an entry name can see: the rendered images, plus the names of existing entries whose
 * output appears in the render, because those names were in the overlay before the entry renamed them.
 */
function candidateImages(
  renderedImages: readonly string[],
  before: readonly ImageEntry[],
): string[] {
  const renderedNames = new Set(renderedImages.map((image) => splitKustomizeImage(image).name));
  const renamed = before
    .filter((entry) => entry.newName !== undefined && renderedNames.has(entry.newName))
    .map((entry) => entry.name);
  return [...renderedImages, ...renamed];
}

function valueWarnings(entry: ImageEntry, request: SetImageRequest | undefined): ImageWarning[] {
  const warnings: ImageWarning[] = [];
  const tag = entry.newTag;
  if (tag !== undefined && (!kustomizeTagPattern.test(tag) || !dockerTagPattern.test(tag))) {
    warnings.push({
      code: 'tag-characters',
      name: entry.name,
      message: `tag "${tag}" is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-"); registries reject it and kustomize v5.5.0 will not match the resulting image in another images entry`,
    });
  }
  if (tag === 'latest') {
    warnings.push({
      code: 'latest-tag',
      name: entry.name,
      message: `tag "latest" moves without a commit, so the deployed version is not recorded in Git; use a version tag or a digest`,
    });
  }
  if (request?.emptyTag === true) {
    warnings.push({
      code: 'empty-tag',
      name: entry.name,
      message: `"${request.argument}" gives an empty tag, so the entry sets no tag and the container keeps its current one`,
    });
  }
  if (entry.newName !== undefined && entry.newName === entry.name) {
    warnings.push({
      code: 'redundant-new-name',
      name: entry.name,
      message: `newName equals name; "${entry.name}:<tag>" sets the tag without the redundant newName`,
    });
  }
  return warnings;
}

function remainingDuplicates(entries: readonly ImageEntry[]): ImageWarning[] {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count > 1)
    .map(([name, count]) => ({
      code: 'duplicate-entry' as const,
      name,
      message: `"${name}" has ${count} entries; each applies in turn, and the next kustomize edit merges them into one`,
    }));
}

/** Entries that match the output of an earlier entry: they work only in this order, and `kustomize edit` re-sorts them. */
function chainedEntries(entries: readonly ImageEntry[]): ImageWarning[] {
  const warnings: ImageWarning[] = [];
  entries.forEach((entry, index) => {
    const earlier = entries
      .slice(0, index)
      .find(
        (candidate) =>
          candidate.newName !== undefined && entryNameMatches(entry.name, candidate.newName),
      );
    if (earlier !== undefined) {
      warnings.push({
        code: 'chained-entry',
        name: entry.name,
        message: `"${entry.name}" applies to the output of the earlier entry "${earlier.name}"; the result depends on entry order, which \`kustomize edit\` re-sorts by name`,
      });
    }
  });
  return warnings;
}
