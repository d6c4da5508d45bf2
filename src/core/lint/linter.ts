import * as os from 'node:os';
import * as path from 'node:path';
import type { RenderResult } from '../render/renderResult';
import type { WorkspaceModel } from '../workspace/model';
import type { KustomizationRoot } from '../workspace/roots';
import type { LintContext, RootRule } from './context';
import type { SourceObject } from './objects';
import { collectSourceObjects } from './objects';
import { estimateNamespaces } from './namespaceEstimate';
import { ParsedFiles } from './parsedFiles';
import { parseRenderedObjects } from './renderedObjects';
import { checkApplications } from './rules/argoApplications';
import { checkComponentPrefix } from './rules/componentPrefix';
import { checkDeprecatedFields } from './rules/deprecated';
import { checkGeneratedNames } from './rules/generatedNames';
import { checkUnreachedImages } from './rules/imageFields';
import { checkImagePulls } from './rules/imagePulls';
import { checkImages } from './rules/images';
import { checkJsonPatches } from './rules/jsonPatches';
import { checkNamespaceOverride } from './rules/namespaceOverride';
import { checkReferences } from './rules/references';
import { renderErrorDiagnostics } from './rules/renderErrors';
import { checkReplicas } from './rules/replicas';
import { checkSchema } from './rules/schema';
import { checkSelectorLabels } from './rules/selectorLabels';
import { checkPatchTargets } from './rules/targets';
import { checkImageTrailingSpaces } from './rules/trailingSpaces';
import type { LintDiagnostic } from './types';
import { sortAndDeduplicate } from './types';

/** Builds one folder; injectable so tests can lint without kustomize or with a fake. */
export type RenderFunction = (dir: string, signal?: AbortSignal) => Promise<RenderResult>;

export interface LinterOptions {
  /** Renders roots for the checks that need kustomize's output; absent means static checks only. */
  readonly render?: RenderFunction | undefined;
  /** False when the build options contain `--load-restrictor LoadRestrictionsNone`. */
  readonly loadRestricted?: boolean;
  /** Roots linted at the same time; each may run a kustomize process. Default: one per CPU. */
  readonly concurrency?: number;
  /**
   * Builds bases too. Off by default: every base is built as part of the overlays that use it,
   * whose build errors point into the base's files, so a separate build only repeats them.
   */
  readonly renderBases?: boolean;
  /**
   * The CLI flag or editor setting that raises the build timeout, named in `render-timeout`
   * findings. Default: the editor setting `gitops.kustomize.timeoutSeconds`.
   */
  readonly timeoutOption?: string;
}

const defaultTimeoutOption = 'the setting `gitops.kustomize.timeoutSeconds`';

const rootRules: readonly RootRule[] = [
  checkReferences,
  checkSchema,
  checkDeprecatedFields,
  checkJsonPatches,
  checkPatchTargets,
  checkImages,
  checkImageTrailingSpaces,
  checkReplicas,
  checkUnreachedImages,
  checkNamespaceOverride,
  checkGeneratedNames,
  checkSelectorLabels,
  checkComponentPrefix,
];

/** The result of linting one root, kept so workspace-wide rules can use its objects. */
export interface RootLint {
  readonly dir: string;
  readonly diagnostics: readonly LintDiagnostic[];
  /** Rendered objects when the build succeeded; otherwise the objects read from the files. */
  readonly objects: readonly SourceObject[];
  readonly rendered: boolean;
}

/** Runs the rules over kustomization roots of a workspace model. */
export class Linter {
  readonly files: ParsedFiles;

  constructor(
    readonly model: WorkspaceModel,
    private readonly options: LinterOptions = {},
  ) {
    this.files = new ParsedFiles(model.source);
  }

  /** Builds the context rules see for one root, or undefined when its kustomization is unreadable. */
  contextOf(root: KustomizationRoot): LintContext | undefined {
    const kustomization = root.kustomization;
    if (kustomization === undefined) {
      return undefined;
    }
    return {
      model: this.model,
      root,
      kustomization,
      files: this.files,
      sources: collectSourceObjects(this.model, root, this.files),
      isComponent: kustomization.kind === 'Component',
      loadRestricted: this.options.loadRestricted ?? true,
    };
  }

  /** Lints one root: the static rules, then, when a renderer is set, the build. */
  async lintRoot(dir: string, signal?: AbortSignal): Promise<RootLint> {
    const root = this.model.root(dir);
    const context = root === undefined ? undefined : this.contextOf(root);
    if (root === undefined || context === undefined) {
      return {
        dir,
        diagnostics: root?.problems.map((problem) => ({ ...problem })) ?? [],
        objects: [],
        rendered: false,
      };
    }

    const diagnostics = rootRules.flatMap((rule) => rule(context));
    const render = this.options.render;
    const coveredByOverlays =
      this.model.roleOf(root.dir) === 'base' && this.options.renderBases !== true;
    if (render === undefined || context.isComponent || coveredByOverlays) {
      return { dir, diagnostics, objects: estimateNamespaces(context), rendered: false };
    }

    const result = await render(root.dir, signal);
    const located = result.error?.location.line !== undefined;
    const timeoutOption = this.options.timeoutOption ?? defaultTimeoutOption;
    const renderDiagnostics = renderErrorDiagnostics(context, result, timeoutOption).filter(
      (candidate) => !explainedBy(candidate, located, diagnostics),
    );
    const objects = result.ok
      ? parseRenderedObjects(root.dir, result.yaml)
      : estimateNamespaces(context);
    return {
      dir,
      diagnostics: [...diagnostics, ...renderDiagnostics],
      objects,
      rendered: result.ok,
    };
  }

  /**
   * Lints the given roots (all when absent), reporting progress. Builds run `concurrency` at a
   * time (default: one per CPU), because each is a separate kustomize process; results keep the
   * order of `dirs`.
   */
  async lintRoots(
    dirs?: readonly string[],
    signal?: AbortSignal,
    onProgress?: (done: number, total: number) => void,
  ): Promise<RootLint[]> {
    const selected = dirs ?? this.model.roots().map((root) => root.dir);
    const results: (RootLint | undefined)[] = new Array(selected.length);
    const workers = Math.max(
      1,
      Math.min(this.options.concurrency ?? os.availableParallelism(), selected.length),
    );
    let next = 0;
    let done = 0;

    const work = async (): Promise<void> => {
      while (next < selected.length && signal?.aborted !== true) {
        const index = next++;
        results[index] = await this.lintRoot(selected[index] ?? '', signal);
        onProgress?.(++done, selected.length);
      }
    };

    const run = this.files.beginRun();
    try {
      await Promise.all(Array.from({ length: workers }, () => work()));
    } finally {
      this.files.endRun(run);
    }
    return results.filter((result): result is RootLint => result !== undefined);
  }
}

/**
 * A build error adds nothing when a static rule already reported an error on its line, a
 * YAML syntax error in its file, or, for an error that names no line, any error in the root.
 * A build that did not complete (a timeout, no kustomize) is always reported.
 */
function explainedBy(
  candidate: LintDiagnostic,
  located: boolean,
  diagnostics: readonly LintDiagnostic[],
): boolean {
  if (candidate.code !== 'render-failed') {
    return false;
  }
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (!located) {
    return errors.length > 0;
  }
  return errors.some(
    (diagnostic) =>
      path.resolve(diagnostic.file) === path.resolve(candidate.file) &&
      (diagnostic.range.startLine === candidate.range.startLine ||
        diagnostic.code === 'yaml-syntax'),
  );
}

/**
 * Runs the checks that span roots: image pulls across namespaces and Argo CD Applications.
 * They need the results of every root, rendered where a renderer is set.
 */
export function lintAcrossRoots(linter: Linter, results: readonly RootLint[]): LintDiagnostic[] {
  const ambiguous = linter.model
    .problems()
    .filter((problem) => problem.code === 'ambiguous-kustomization');
  return [...ambiguous, ...checkImagePulls(linter, results), ...checkApplications(linter, results)];
}

/** Lints every root and merges the findings into one sorted list without repeats. */
export async function lintWorkspace(
  model: WorkspaceModel,
  options: LinterOptions = {},
  signal?: AbortSignal,
): Promise<LintDiagnostic[]> {
  const linter = new Linter(model, options);
  const results = await linter.lintRoots(undefined, signal);
  const perRoot = results.flatMap((result) => result.diagnostics);
  return sortAndDeduplicate([...perRoot, ...lintAcrossRoots(linter, results)]);
}
