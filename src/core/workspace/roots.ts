import * as path from 'node:path';
import type { SourceRange } from '../yamlFile';
import type { FileSource } from './fileSource';
import { findKustomizationFile } from './discovery';
import type { Kustomization, KustomizationReference } from './kustomization';
import { parseKustomization } from './kustomization';

/** The role of a root in the reference graph, as `classifyRoots` assigns it. */
export type RootRole = 'overlay' | 'base' | 'component' | 'standalone';

/** Codes of the problems found while following a root's references without rendering. */
export type ReferenceProblemCode =
  | 'unreadable-kustomization'
  | 'missing-path'
  | 'folder-without-kustomization'
  | 'expected-folder'
  | 'remote-not-checked'
  | 'reference-cycle'
  | 'containment-cycle'
  | 'ambiguous-kustomization'
  | 'unreadable-file';

/** A problem with one reference, at the line that writes it. */
export interface ReferenceProblem {
  readonly code: ReferenceProblemCode;
  readonly file: string;
  readonly range: SourceRange;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'information';
}

/** A kustomization root and its resolved references. Paths are absolute. */
export interface KustomizationRoot {
  readonly dir: string;
  readonly filePath: string;
  readonly kustomization: Kustomization | undefined;
  /** Folders of the roots this one builds on, in the order they are written. */
  readonly rootReferences: readonly string[];
  /** Files this root reads directly, its own kustomization file included. */
  readonly fileReferences: readonly string[];
  readonly problems: ReferenceProblem[];
}

const startOfFile: SourceRange = { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 };

/** Reads, parses and resolves one root. Unreadable files become problems instead of exceptions. */
export function loadRoot(filePath: string, source: FileSource): KustomizationRoot {
  const dir = path.dirname(filePath);
  const read = source.readText(filePath);
  if (read.kind !== 'text') {
    const reason = read.kind === 'missing' ? 'the file does not exist' : read.reason;
    const problem: ReferenceProblem = {
      code: 'unreadable-kustomization',
      file: filePath,
      range: startOfFile,
      message: `Cannot read ${filePath}: ${reason}.`,
      severity: 'error',
    };
    return {
      dir,
      filePath,
      kustomization: undefined,
      rootReferences: [],
      fileReferences: [filePath],
      problems: [problem],
    };
  }

  return resolveRoot(parseKustomization(filePath, read.text), source);
}

/** Resolves the references of a parsed kustomization against the files as they are now. */
export function resolveRoot(kustomization: Kustomization, source: FileSource): KustomizationRoot {
  const filePath = kustomization.file.path;
  const root: KustomizationRoot = {
    dir: kustomization.dir,
    filePath,
    kustomization,
    rootReferences: [],
    fileReferences: [filePath],
    problems: [],
  };
  for (const reference of kustomization.references) {
    resolveReference(root, reference, source);
  }
  return root;
}

function resolveReference(
  root: KustomizationRoot,
  reference: KustomizationReference,
  source: FileSource,
): void {
  const problem = (
    code: ReferenceProblemCode,
    message: string,
    severity: ReferenceProblem['severity'] = 'error',
  ) => {
    root.problems.push({ code, file: root.filePath, range: reference.range, message, severity });
  };

  if (reference.remote) {
    problem(
      'remote-not-checked',
      `"${reference.value}" is a remote ${reference.field} entry; it is not fetched or checked offline, and rendering needs network access to it.`,
      'information',
    );
    return;
  }

  const target = reference.absolutePath;
  if (source.isDirectory(target)) {
    resolveFolder(root, reference, source, problem);
  } else if (source.isFile(target)) {
    if (reference.expects === 'root') {
      problem(
        'expected-folder',
        `${reference.field} entry "${reference.value}" is a file, but ${reference.field} lists kustomization folders.`,
      );
      return;
    }
    (root.fileReferences as string[]).push(target);
    checkReadable(target, reference, source, problem);
  } else {
    const what = reference.expects === 'file' ? 'File' : 'Path';
    problem(
      'missing-path',
      `${what} "${reference.value}" in ${reference.field} not found (looked for ${target}).`,
    );
  }
}

function resolveFolder(
  root: KustomizationRoot,
  reference: KustomizationReference,
  source: FileSource,
  problem: (code: ReferenceProblemCode, message: string) => void,
): void {
  if (reference.expects === 'file') {
    problem(
      'missing-path',
      `${reference.field} entry "${reference.value}" is a folder, but a file is expected here.`,
    );
    return;
  }
  const kustomizationFile = findKustomizationFile(reference.absolutePath, (file) =>
    source.isFile(file),
  );
  if (kustomizationFile === undefined) {
    problem(
      'folder-without-kustomization',
      `Folder "${reference.value}" has no kustomization.yaml, so kustomize cannot build it. Add a kustomization.yaml there, or list its files one by one.`,
    );
    return;
  }
  (root.rootReferences as string[]).push(reference.absolutePath);
}

/** Kustomize reads referenced files as UTF-8 YAML; binary, non-UTF-8 and oversized files fail there. */
function checkReadable(
  target: string,
  reference: KustomizationReference,
  source: FileSource,
  problem: (code: ReferenceProblemCode, message: string) => void,
): void {
  const read = source.readText(target);
  if (read.kind === 'unreadable') {
    problem(
      'unreadable-file',
      `Cannot use "${reference.value}" in ${reference.field}: ${read.reason}.`,
    );
  }
}
