import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import type { TextReader } from './errorLocation';
import { kustomizationFileIn } from './kustomizationFiles';

/** The local files a build may read. */
export interface RenderInputs {
  /** Kustomization folders the build reaches, the built folder first. */
  readonly folders: readonly string[];
  /** Absolute paths of every file the build may read, sorted. */
  readonly files: readonly string[];
}

export interface InputLimits {
  readonly maxFiles: number;
  readonly maxBytes: number;
}

export const defaultInputLimits: InputLimits = { maxFiles: 5_000, maxBytes: 32 * 1024 * 1024 };

/** The inputs exceed `InputLimits`. The message names the limit. */
export class InputsTooLargeError extends Error {}

/**
 * Collects the inputs of building `dir`. These are every kustomization folder reached through
 * fields that name folders or files (resources, bases, components, patches, generators and so
 * on), every regular file under those folders, and referenced files that lie outside them.
 * A walk does not enter `.git`, `node_modules`, or a sub-folder that is a kustomization root
 * of its own (such a folder is walked only when a reference reaches it). Symbolic links to
 * files count as files, but symbolic links to folders are not followed. Remote references (URLs)
 * are skipped because they cannot be read locally.
 */
export function collectRenderInputs(
  dir: string,
  read: TextReader,
  limits: InputLimits = defaultInputLimits,
): RenderInputs {
  const folders: string[] = [];
  const referencedFiles = new Set<string>();
  const queue = [path.resolve(dir)];

  while (queue.length > 0) {
    const folder = queue.shift() ?? '';
    if (folders.includes(folder)) {
      continue;
    }
    folders.push(folder);

    for (const target of localReferences(folder, read)) {
      if (kustomizationFileIn(target, read) !== undefined) {
        queue.push(target);
      } else if (read(target) !== undefined) {
        referencedFiles.add(target);
      }
    }
  }

  const files = new Set<string>();
  const budget = { files: 0, bytes: 0, limits };
  for (const file of referencedFiles) {
    addFile(file, files, budget);
  }
  for (const folder of folders) {
    walkFolder(folder, folders, files, budget);
  }
  return { folders, files: [...files].sort() };
}

/** Returns the absolute paths named by the kustomization in `folder` (none if it is invalid). */
function localReferences(folder: string, read: TextReader): string[] {
  const file = kustomizationFileIn(folder, read);
  if (file === undefined) {
    return [];
  }

  let document: unknown;
  try {
    document = YAML.parse(read(file) ?? '');
  } catch {
    return [];
  }
  return referenceStrings(document)
    .filter((reference) => !isRemote(reference))
    .map((reference) => path.resolve(folder, reference));
}

/** Fields whose values are a path or a list of paths. */
const pathListFields = [
  'resources',
  'bases',
  'components',
  'crds',
  'configurations',
  'generators',
  'transformers',
  'validators',
  'patchesStrategicMerge',
];

/** Fields whose values are a list of objects with a `path`. */
const pathObjectFields = ['patches', 'patchesJson6902', 'replacements'];

function referenceStrings(document: unknown): string[] {
  if (!isRecord(document)) {
    return [];
  }

  const references: string[] = [];
  for (const field of pathListFields) {
    references.push(...strings(document[field]));
  }
  for (const field of pathObjectFields) {
    references.push(...records(document[field]).flatMap((entry) => strings(entry['path'])));
  }
  references.push(...generatorSources(document));
  references.push(...helmFiles(document));
  const openapi = document['openapi'];
  references.push(...strings(isRecord(openapi) ? openapi['path'] : undefined));

  // Inline patches and inline generator configs are YAML text, not paths.
  return references.filter((reference) => reference !== '' && !reference.includes('\n'));
}

/**
 * Returns the source paths of generators. A `files` entry may be `key=path`, while entries of
 * `envs` and the older `env` are plain paths.
 */
function generatorSources(document: Record<string, unknown>): string[] {
  const generators = [
    ...records(document['configMapGenerator']),
    ...records(document['secretGenerator']),
  ];

  return generators.flatMap((generator) => [
    ...strings(generator['files']).map((entry) => entry.slice(entry.indexOf('=') + 1)),
    ...strings(generator['envs']),
    ...strings(generator['env']),
  ]);
}

function helmFiles(document: Record<string, unknown>): string[] {
  return records(document['helmCharts']).flatMap((chart) => [
    ...strings(chart['valuesFile']),
    ...strings(chart['additionalValuesFiles']),
  ]);
}

function isRemote(reference: string): boolean {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i;
  const hostPrefix = /^(git@|github\.com\/|gitlab\.com\/)/;
  return url.test(reference) || hostPrefix.test(reference);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter((item): item is string => typeof item === 'string');
}

interface Budget {
  files: number;
  bytes: number;
  readonly limits: InputLimits;
}

const skippedFolderNames = new Set(['.git', 'node_modules']);

function walkFolder(folder: string, roots: readonly string[], files: Set<string>, budget: Budget) {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }

  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      const skipped = skippedFolderNames.has(entry.name) || roots.includes(full);
      if (!skipped && !isKustomizationRoot(full)) {
        walkFolder(full, roots, files, budget);
      }
    } else if (entry.isFile() || (entry.isSymbolicLink() && isFileTarget(full))) {
      addFile(full, files, budget);
    }
  }
}

function isKustomizationRoot(folder: string): boolean {
  const exists = (file: string): string | undefined => (fs.existsSync(file) ? '' : undefined);
  return kustomizationFileIn(folder, exists) !== undefined;
}

function isFileTarget(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Returns the size on disk, or 0 for a file that exists only as an unsaved edit. */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function addFile(file: string, files: Set<string>, budget: Budget): void {
  if (files.has(file)) {
    return;
  }
  files.add(file);
  budget.files++;
  budget.bytes += fileSize(file);

  if (budget.files > budget.limits.maxFiles) {
    throw new InputsTooLargeError(`more than ${budget.limits.maxFiles} input files`);
  }
  if (budget.bytes > budget.limits.maxBytes) {
    const limit = budget.limits.maxBytes;
    throw new InputsTooLargeError(`input files larger than ${limit} bytes in total`);
  }
}
