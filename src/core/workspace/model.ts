import * as path from 'node:path';
import { discoverFiles, findKustomizationFile } from './discovery';
import type { Environment } from './environments';
import { environmentOf, sortEnvironments } from './environments';
import { FileSource } from './fileSource';
import { classifyRoots, containsFolder, inputsOf, markCycles } from './graph';
import { kustomizationFileNames } from './kustomization';
import type { KustomizationRoot, ReferenceProblem, RootRole } from './roots';
import { loadRoot, resolveRoot } from './roots';

export interface WorkspaceModelOptions {
  /** Environment names in promotion order, from the setting `gitops.environments.order`. */
  readonly environmentOrder?: readonly string[];
}

/**
 * The kustomization roots of a set of workspace folders, their references, roles and
 * environments. Loading is synchronous and static: nothing here runs kustomize.
 */
export class WorkspaceModel {
  readonly source: FileSource;
  private rootsByDir = new Map<string, KustomizationRoot>();
  private roles = new Map<string, RootRole>();
  private inputsCache = new Map<string, ReadonlySet<string>>();
  private dependentsIndex: Map<string, string[]> | undefined;
  private yamlFileList: string[] = [];
  private ambiguous: string[] = [];

  constructor(
    readonly folders: readonly string[],
    private options: WorkspaceModelOptions = {},
    source?: FileSource,
  ) {
    this.source = source ?? new FileSource();
  }

  /** Scans every folder from scratch. */
  load(): void {
    const found = discoverFiles(this.folders);
    this.yamlFileList = found.yamlFiles;
    this.ambiguous = found.ambiguousRoots;
    this.rootsByDir = new Map();
    for (const file of found.kustomizationFiles) {
      const root = loadRoot(file, this.source);
      this.rootsByDir.set(root.dir, root);
    }
    this.loadReferencedRoots();
    this.relink();
  }

  /**
   * Loads the roots that loaded roots build on but that lie outside the folders, such as a base
   * beside the opened folder, so their files, cycles and dependents are known too.
   */
  private loadReferencedRoots(): void {
    const pending = [...this.rootsByDir.values()].flatMap((root) => root.rootReferences);
    while (pending.length > 0) {
      const dir = pending.pop() ?? '';
      if (this.rootsByDir.has(dir)) {
        continue;
      }
      const file = findKustomizationFile(dir, (candidate) => this.source.isFile(candidate));
      if (file !== undefined) {
        const root = loadRoot(file, this.source);
        this.rootsByDir.set(root.dir, root);
        pending.push(...root.rootReferences);
      }
    }
  }

  setOptions(options: WorkspaceModelOptions): void {
    this.options = options;
  }

  /**
   * Updates the model after files changed, were created or deleted, and returns the folders
   * of the roots whose output may have changed. Only changed kustomization files are parsed
   * again. Other roots resolve their references again when one points at or above a changed
   * path, because a created or deleted file can satisfy or break them.
   */
  update(changedPaths: readonly string[]): string[] {
    const before = new Set(changedPaths.flatMap((file) => this.rootsDependingOn(file)));

    for (const file of changedPaths) {
      this.reloadIfKustomization(file);
      this.trackYamlFile(file);
    }
    for (const root of [...this.rootsByDir.values()]) {
      if (
        !changedPaths.includes(root.filePath) &&
        root.kustomization !== undefined &&
        refersTo(root, changedPaths)
      ) {
        this.rootsByDir.set(root.dir, resolveRoot(root.kustomization, this.source));
      }
    }
    this.loadReferencedRoots();
    this.relink();

    changedPaths.flatMap((file) => this.rootsDependingOn(file)).forEach((dir) => before.add(dir));
    return [...before].sort();
  }

  private reloadIfKustomization(file: string): void {
    if (!kustomizationFileNames.includes(path.basename(file))) {
      return;
    }
    const dir = path.dirname(file);
    if (this.source.isFile(file)) {
      this.rootsByDir.set(dir, loadRoot(file, this.source));
    } else if (this.rootsByDir.get(dir)?.filePath === file) {
      this.rootsByDir.delete(dir);
    }
  }

  private trackYamlFile(file: string): void {
    if (!/\.ya?ml$/i.test(file)) {
      return;
    }
    const known = this.yamlFileList.includes(file);
    const exists = this.source.isFile(file);
    if (exists && !known) {
      this.yamlFileList.push(file);
      this.yamlFileList.sort();
    } else if (!exists && known) {
      this.yamlFileList = this.yamlFileList.filter((candidate) => candidate !== file);
    }
  }

  private relink(): void {
    markCycles(this.rootsByDir);
    this.roles = classifyRoots(this.rootsByDir);
    this.inputsCache = new Map();
    this.dependentsIndex = undefined;
  }

  roots(): KustomizationRoot[] {
    return [...this.rootsByDir.values()];
  }

  root(dir: string): KustomizationRoot | undefined {
    return this.rootsByDir.get(path.resolve(dir));
  }

  roleOf(dir: string): RootRole | undefined {
    return this.roles.get(path.resolve(dir));
  }

  /** YAML files found in the workspace, for finding Argo CD objects. */
  yamlFiles(): readonly string[] {
    return this.yamlFileList;
  }

  /** Returns the overlays, in promotion order. */
  environments(): Environment[] {
    const overlays = this.roots().filter((root) => this.roles.get(root.dir) === 'overlay');
    const environments = overlays.map((root) => environmentOf(root.dir, root.filePath));
    return sortEnvironments(environments, this.options.environmentOrder ?? []);
  }

  /** Finds an environment by name, by folder, or by a path relative to a workspace folder. */
  findEnvironment(nameOrPath: string): Environment | undefined {
    const environments = this.environments();
    const byName = environments.filter((environment) => environment.name === nameOrPath);
    if (byName.length === 1) {
      return byName[0];
    }
    const candidates = [
      path.resolve(nameOrPath),
      ...this.folders.map((folder) => path.resolve(folder, nameOrPath)),
    ];
    return environments.find((environment) => candidates.includes(environment.dir));
  }

  /** Returns every file the root reads, through all the roots it builds on. */
  inputsOf(dir: string): ReadonlySet<string> {
    return inputsOf(path.resolve(dir), this.rootsByDir, this.inputsCache);
  }

  /** Folders of the roots whose output depends on `file`. */
  rootsDependingOn(file: string): string[] {
    if (this.dependentsIndex === undefined) {
      this.dependentsIndex = this.buildDependentsIndex();
    }
    return this.dependentsIndex.get(path.resolve(file)) ?? [];
  }

  private buildDependentsIndex(): Map<string, string[]> {
    const index = new Map<string, string[]>();
    for (const dir of this.rootsByDir.keys()) {
      for (const file of this.inputsOf(dir)) {
        const list = index.get(file) ?? [];
        list.push(dir);
        index.set(file, list);
      }
    }
    return index;
  }

  /** Problems found without rendering, across all roots, plus folders with two kustomization files. */
  problems(): ReferenceProblem[] {
    const problems = this.roots().flatMap((root) => root.problems);
    for (const dir of this.ambiguous) {
      const root = this.rootsByDir.get(dir);
      problems.push({
        code: 'ambiguous-kustomization',
        file: root?.filePath ?? dir,
        range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 },
        message: `Folder ${dir} has more than one kustomization file; kustomize rejects it. Keep only one.`,
        severity: 'error',
      });
    }
    return problems;
  }
}

function refersTo(root: KustomizationRoot, changedPaths: readonly string[]): boolean {
  return (
    root.kustomization?.references.some((reference) => {
      return changedPaths.some((changed) => containsFolder(reference.absolutePath, changed));
    }) ?? false
  );
}
