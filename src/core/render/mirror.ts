import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderInputs } from './inputs';

/** A temporary copy of a build's inputs, laid out relative to their common ancestor folder. */
export interface Mirror {
  /** Real (symlink-free) path of the temporary folder, because kustomize prints real paths. */
  readonly root: string;
  /** The real folder that `root` is a copy of. */
  readonly ancestor: string;
  toMirrorPath(realPath: string): string;
  /** Replaces temporary paths in kustomize's messages with the real paths. */
  toRealText(text: string): string;
  dispose(): void;
}

/**
 * Copies the inputs into a new temporary folder, then writes the unsaved texts over their
 * copies. Files are copied, never symlinked, because kustomize resolves symbolic links and a
 * link would lead it back out of the mirror, past the load restrictor's root. Unsaved texts of
 * files outside the inputs' common ancestor are ignored, because the build cannot read them.
 */
export function createMirror(inputs: RenderInputs, overrides: ReadonlyMap<string, string>): Mirror {
  const fileFolders = inputs.files.map((file) => path.dirname(file));
  const ancestor = commonAncestor([...inputs.folders, ...fileFolders]);
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-render-')));
  const mirror: Mirror = {
    root,
    ancestor,
    toMirrorPath: (realPath) => path.join(root, path.relative(ancestor, realPath)),
    toRealText: (text) => text.split(root).join(ancestor),
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };

  try {
    copyInputs(inputs, overrides, mirror);
  } catch (error) {
    mirror.dispose();
    throw error;
  }
  return mirror;
}

function copyInputs(inputs: RenderInputs, overrides: ReadonlyMap<string, string>, mirror: Mirror) {
  for (const folder of inputs.folders) {
    fs.mkdirSync(mirror.toMirrorPath(folder), { recursive: true });
  }

  for (const file of inputs.files) {
    if (overrides.has(file) || !fs.existsSync(file)) {
      continue;
    }
    const target = mirror.toMirrorPath(file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }

  for (const [file, text] of overrides) {
    if (isInside(file, mirror.ancestor)) {
      const target = mirror.toMirrorPath(file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, text);
    }
  }
}

/** Returns the deepest folder that contains every path in `folders`. */
export function commonAncestor(folders: readonly string[]): string {
  let ancestor = folders[0] ?? path.parse(process.cwd()).root;
  for (const folder of folders) {
    while (!isInside(folder, ancestor)) {
      ancestor = path.dirname(ancestor);
    }
  }
  return ancestor;
}

/** True when `file` is `folder` or lies below it. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  const outside = relative === '..' || relative.startsWith('..' + path.sep);
  return !outside && !path.isAbsolute(relative);
}
