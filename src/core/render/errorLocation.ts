import * as path from 'node:path';
import { kustomizationFileIn } from './kustomizationFiles';

/** The likely source of a build error. `line` is 1-based, as kustomize prints it. */
export interface RenderErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly message: string;
}

/** Reads a file's current text (an unsaved edit wins over the disk), or undefined if missing. */
export type TextReader = (file: string) => string | undefined;

interface Reference {
  /** The folder whose kustomization lists the reference. */
  readonly fromDir: string;
  readonly reference: string;
}

/**
 * Finds the file, and the line where possible, behind a kustomize error. kustomize names the
 * chain of `resources:` entries it followed (`accumulating resources from 'x'`), each relative
 * to the folder of the previous one. The last entry in the chain is the one that failed.
 */
export function locateRenderError(
  error: string,
  dir: string,
  read: TextReader,
): RenderErrorLocation {
  const chain = followResourceChain(error, dir);
  const last = chain.at(-1);
  const innermostDir = last === undefined ? dir : last.fromDir;

  return (
    locateMalformedYaml(error, innermostDir) ??
    locateInvalidKustomization(error, innermostDir, read) ??
    locateOutsideRoot(error, read) ??
    locateMissingPath(error, dir, last, read) ??
    locateNotKustomizationDir(error, last, read) ??
    locateInKustomization(error, innermostDir, read) ?? {
      ...kustomizationOf(innermostDir, read),
      message: error,
    }
  );
}

function followResourceChain(error: string, dir: string): Reference[] {
  const chain: Reference[] = [];
  let fromDir = dir;

  for (const match of error.matchAll(/accumulating resources from '([^']+)'/g)) {
    const reference = match[1] ?? '';
    chain.push({ fromDir, reference });
    fromDir = path.resolve(fromDir, reference);
  }
  return chain;
}

function locateMalformedYaml(error: string, fromDir: string): RenderErrorLocation | undefined {
  const match = /MalformedYAMLError: yaml: line (\d+): (.*?) in File: (.+)$/m.exec(error);
  if (match === null) {
    return undefined;
  }
  return {
    file: path.resolve(fromDir, match[3] ?? ''),
    line: Number(match[1]),
    message: `invalid YAML: ${match[2] ?? ''}`,
  };
}

/** Locates a syntax error in the kustomization file itself: `invalid Kustomization: yaml: line N: ...`. */
function locateInvalidKustomization(
  error: string,
  dir: string,
  read: TextReader,
): RenderErrorLocation | undefined {
  const match = /invalid Kustomization: yaml: line (\d+): ([^"\n]*)/.exec(error);
  if (match === null) {
    return undefined;
  }
  const { file } = kustomizationOf(dir, read);
  return {
    ...(file === undefined ? {} : { file }),
    line: Number(match[1]),
    message: `invalid YAML: ${match[2] ?? ''}`,
  };
}

function locateOutsideRoot(error: string, read: TextReader): RenderErrorLocation | undefined {
  const match = /security; file '([^']+)' is not in or below '([^']+)'/.exec(error);
  if (match === null) {
    return undefined;
  }

  const file = match[1] ?? '';
  const root = match[2] ?? '';
  const reference = path.relative(root, file);
  return {
    ...kustomizationOf(root, read, [reference, path.basename(file)]),
    message:
      `${reference} is outside the kustomization root ${root}, which the default load ` +
      'restrictor rejects. Move the file, or add `--load-restrictor LoadRestrictionsNone` to ' +
      '`gitops.kustomize.buildOptions` if Argo CD is configured the same way.',
  };
}

/**
 * Locates a path that does not exist. The kustomization that names it is, in order of
 * preference: the one whose last `resources:` entry resolves to it, the one in the missing
 * file's own folder when that file names it (a generator source, say), or the built folder's.
 */
function locateMissingPath(
  error: string,
  dir: string,
  last: Reference | undefined,
  read: TextReader,
): RenderErrorLocation | undefined {
  const match = /evalsymlink failure on '([^']+)'/.exec(error);
  if (match === null) {
    return undefined;
  }

  const missing = match[1] ?? '';
  if (missing === dir) {
    return { file: dir, message: `folder ${missing} not found` };
  }
  if (last !== undefined && path.resolve(last.fromDir, last.reference) === missing) {
    return {
      ...kustomizationOf(last.fromDir, read, [last.reference]),
      message: `${last.reference} not found: ${missing} does not exist`,
    };
  }

  const parent = path.dirname(missing);
  const inParent = kustomizationOf(parent, read, [path.basename(missing)]);
  const referrer = inParent.line === undefined ? dir : parent;
  return {
    ...kustomizationOf(referrer, read, [path.relative(referrer, missing), path.basename(missing)]),
    message: `${path.relative(referrer, missing)} not found: ${missing} does not exist`,
  };
}

function locateNotKustomizationDir(
  error: string,
  last: Reference | undefined,
  read: TextReader,
): RenderErrorLocation | undefined {
  const match = /unable to find one of .* in directory '([^']+)'/.exec(error);
  if (match === null || last === undefined) {
    return undefined;
  }
  return {
    ...kustomizationOf(last.fromDir, read, [last.reference]),
    message:
      `${last.reference} is a folder without a kustomization file; kustomize does not read ` +
      'folders of manifests, so list each file or add a kustomization.yaml there',
  };
}

/** Errors that name a value written in the kustomization being built, not a file. */
function locateInKustomization(error: string, dir: string, read: TextReader) {
  const patterns: [RegExp, (match: RegExpExecArray) => RegExp][] = [
    [/Unexpected kind: (\S+)/, (m) => yamlValue('op', m[1] ?? '')],
    [/Go struct field Image\.images\.(\w+) of type string/, (m) => numericField(m[1] ?? '')],
    [/resource with name (\S+) does not match a config/, (m) => yamlValue('name', m[1] ?? '')],
    [/doc is missing path: "([^"]+)"/, (m) => yamlValue('path', m[1] ?? '')],
  ];

  for (const [pattern, linePattern] of patterns) {
    const match = pattern.exec(error);
    if (match !== null) {
      const location = kustomizationOf(dir, read, [linePattern(match)]);
      return { ...location, message: error };
    }
  }
  return undefined;
}

function numericField(field: string): RegExp {
  return new RegExp(`\\b${field}:\\s*[-+]?[0-9][0-9_.eE+-]*\\s*(#.*)?$`);
}

function yamlValue(key: string, value: string): RegExp {
  return new RegExp(`\\b${key}:\\s*["']?${escapeRegExp(value)}["']?\\s*(#.*)?$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Returns the kustomization file of `dir` and the first line (1-based) that contains one of
 * `needles` (a string is matched literally, a RegExp per line).
 */
function kustomizationOf(
  dir: string,
  read: TextReader,
  needles: readonly (string | RegExp)[] = [],
): { file?: string; line?: number } {
  const file = kustomizationFileIn(dir, read);
  if (file === undefined) {
    return {};
  }

  const lines = (read(file) ?? '').split('\n');
  for (const needle of needles) {
    const index = lines.findIndex((line) =>
      typeof needle === 'string' ? line.includes(needle) : needle.test(line),
    );
    if (index !== -1) {
      return { file, line: index + 1 };
    }
  }
  return { file };
}
