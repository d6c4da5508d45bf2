import * as path from 'node:path';

/** File names kustomize accepts for a kustomization, in the order it looks for them. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Returns the kustomization file in `dir`, or undefined when the folder has none. */
export function kustomizationFileIn(
  dir: string,
  read: (file: string) => string | undefined,
): string | undefined {
  for (const name of kustomizationFileNames) {
    const file = path.join(dir, name);
    if (read(file) !== undefined) {
      return file;
    }
  }
  return undefined;
}
