import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setImagesInText, type SetImageResult } from './edit';
import type { SetImageRequest } from './setImageArgs';

/** File names kustomize looks for in a folder, in the order it tries them. */
export const kustomizationFileNames = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
] as const;

/** Resolves a folder or a kustomization file path to the kustomization file; throws when there is none. */
export function resolveKustomizationFile(target: string): string {
  const stats = statSync(target, { throwIfNoEntry: false });
  if (stats === undefined) {
    throw new Error(`${target}: no such file or folder`);
  }
  if (stats.isFile()) {
    return target;
  }

  for (const name of kustomizationFileNames) {
    const candidate = join(target, name);
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile() === true) {
      return candidate;
    }
  }
  throw new Error(`${target}: no ${kustomizationFileNames.join(', ')} in this folder`);
}

/**
 * Replaces a file's content atomically: the text goes to a temporary file in the same folder,
 * which is flushed and renamed over the original, so readers see the old or the new file and
 * never a partial one. The original file's permission bits are kept.
 */
export function writeFileAtomically(path: string, text: string): void {
  const mode = statSync(path, { throwIfNoEntry: false })?.mode ?? 0o644;
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const descriptor = openSync(temporary, 'wx', mode & 0o777);
    try {
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The result of editing a kustomization file, with the path that was read. */
export interface SetImageFileResult extends SetImageResult {
  readonly path: string;
  readonly originalText: string;
}

/** Edits the image list of the kustomization in a folder (or of a given file) and writes it back when it changed. */
export function setImagesInFile(
  target: string,
  requests: readonly SetImageRequest[],
  options: { readonly dryRun?: boolean } = {},
): SetImageFileResult {
  const path = resolveKustomizationFile(target);
  const originalText = readFileSync(path, 'utf8');
  const result = setImagesInText(path, originalText, requests);
  if (result.changed && options.dryRun !== true) {
    writeFileAtomically(path, result.text);
  }
  return { ...result, path, originalText };
}
