import { keepExisting, type SetImageRequest } from './setImageArgs';

/** The fields of one `images:` entry of a kustomization, as kustomize v5.5.0 reads them. */
export interface ImageEntry {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
  readonly tagSuffix?: string;
}

/** Entry fields besides `name`, in the order this project writes new keys. */
export const valueFields = ['newName', 'newTag', 'digest', 'tagSuffix'] as const;

export type ValueField = (typeof valueFields)[number];

/**
 * Builds the entry an argument writes. The argument replaces the whole entry, so fields it
 * leaves out (including `tagSuffix`) are dropped, except those given as `*`, which keep the
 * value of `existing`. A `*` with no existing entry writes nothing for that field.
 */
export function entryForRequest(
  request: SetImageRequest,
  existing: ImageEntry | undefined,
): ImageEntry {
  const entry: { -readonly [K in keyof ImageEntry]: ImageEntry[K] } = { name: request.name };
  const newName = resolveKeep(request.newName, existing?.newName);
  const newTag = resolveKeep(request.newTag, existing?.newTag);
  const digest = resolveKeep(request.digest, existing?.digest);

  if (newName !== undefined) {
    entry.newName = newName;
  }
  if (newTag !== undefined) {
    entry.newTag = newTag;
  }
  if (digest !== undefined) {
    entry.digest = digest;
  }
  return entry;
}

function resolveKeep(
  requested: string | undefined,
  existing: string | undefined,
): string | undefined {
  if (requested !== keepExisting) {
    return requested;
  }
  return existing === '' ? undefined : existing;
}

/**
 * Applies set-image requests to a list of entries without re-sorting it: the first entry of a
 * requested name is replaced at its position, later entries of that name are removed (kustomize
 * keeps one entry per name), and names not yet present are appended in request order.
 */
export function applySetImage(
  entries: readonly ImageEntry[],
  requests: readonly SetImageRequest[],
): ImageEntry[] {
  const requestByName = new Map(requests.map((request) => [request.name, request]));
  const seen = new Set<string>();
  const result: ImageEntry[] = [];

  for (const entry of entries) {
    const request = requestByName.get(entry.name);
    if (request === undefined) {
      result.push(entry);
      continue;
    }
    if (!seen.has(entry.name)) {
      result.push(entryForRequest(request, entry));
    }
    seen.add(entry.name);
  }

  for (const request of requests) {
    if (!seen.has(request.name)) {
      result.push(entryForRequest(request, undefined));
    }
  }
  return result;
}

/**
 * Describes what an entry writes, as `newName:newTag@digest` with `name` standing in for a missing
 * new name. `tagSuffix` is left out because its result depends on the container's own tag.
 */
export function entryTarget(entry: ImageEntry): string {
  const name = entry.newName ?? entry.name;
  const tag = entry.newTag === undefined ? '' : `:${entry.newTag}`;
  const digest = entry.digest === undefined ? '' : `@${entry.digest}`;
  return `${name}${tag}${digest}`;
}
