import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineKind, RenderSettings } from './settings';
import { editorSettingNames } from './settings';
import { splitShellWords } from './shellWords';

/** A resolved build program. `buildCommand` turns it into the command line for a folder. */
export interface Engine {
  readonly kind: EngineKind;
  readonly binary: string;
  /** Extra flags split from `gitops.kustomize.buildOptions`. */
  readonly buildFlags: readonly string[];
}

/** No usable kustomize or kubectl binary was found. The message names the setting to change. */
export class EngineNotFoundError extends Error {}

/** Returns the full command line that builds `dir`, binary first. */
export function buildCommand(engine: Engine, dir: string): string[] {
  const subcommand = engine.kind === 'kustomize' ? 'build' : 'kustomize';
  return [engine.binary, subcommand, ...engine.buildFlags, dir];
}

/**
 * Picks the build program. With engine `auto` it prefers `kustomize build` and falls back to
 * `kubectl kustomize`, which embeds kustomize. An explicit binary path wins over PATH. With
 * engine `auto`, the kind of an explicit binary comes from its file name: a name starting with
 * `kubectl` means kubectl, and anything else means kustomize.
 */
export function resolveEngine(settings: RenderSettings, env = process.env): Engine {
  const buildFlags = splitShellWords(settings.buildOptions);

  if (settings.binaryPath !== '') {
    const kind = kindOfExplicitBinary(settings);
    return { kind, binary: checkExplicitBinary(settings), buildFlags };
  }

  const candidates: EngineKind[] =
    settings.engine === 'auto' ? ['kustomize', 'kubectl'] : [settings.engine];
  for (const kind of candidates) {
    const binary = findOnPath(kind, env);
    if (binary !== undefined) {
      return { kind, binary, buildFlags };
    }
  }

  const names = settings.settingNames ?? editorSettingNames;
  throw new EngineNotFoundError(
    `${candidates.join(' or ')} was not found on PATH. Install it, or set ` +
      `${names.binaryPath} to the binary (and ${names.engine} to its kind).`,
  );
}

function kindOfExplicitBinary(settings: RenderSettings): EngineKind {
  if (settings.engine !== 'auto') {
    return settings.engine;
  }
  return path.basename(settings.binaryPath).startsWith('kubectl') ? 'kubectl' : 'kustomize';
}

function checkExplicitBinary(settings: RenderSettings): string {
  const binary = path.resolve(settings.binaryPath);
  if (!isExecutableFile(binary)) {
    const names = settings.settingNames ?? editorSettingNames;
    throw new EngineNotFoundError(
      `${binary} is missing or not an executable file. ` +
        `Fix ${names.binaryPath}, or clear it to look kustomize and kubectl up on PATH.`,
    );
  }
  return binary;
}

/** Returns the first executable file named `name` in the PATH folders, like `command -v`. */
export function findOnPath(name: string, env = process.env): string | undefined {
  const folders = (env['PATH'] ?? '').split(path.delimiter).filter((folder) => folder !== '');
  const suffixes = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];

  for (const folder of folders) {
    for (const suffix of suffixes) {
      const candidate = path.join(folder, name + suffix);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
