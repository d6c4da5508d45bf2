import * as vscode from 'vscode';
import { lintAcrossRoots, Linter } from '../../core/lint/linter';
import type { RenderFunction, RootLint } from '../../core/lint/linter';
import type { LintDiagnostic } from '../../core/lint/types';
import { sortAndDeduplicate } from '../../core/lint/types';
import { splitShellWords } from '../../core/render/shellWords';
import type { WorkspaceModel } from '../../core/workspace/model';
import type { ComponentLog } from '../log';
import type { RenderService } from '../render/renderService';
import { readRenderSettings } from '../settings';
import type { WorkspaceChange, WorkspaceService } from '../workspace/workspaceService';
import { toDiagnostic } from './convert';

/**
 * Keeps the Problems view in step with the workspace. Each model change re-lints only the roots
 * it affected: first with the static rules, published at once, then with rendering. A newer change
 * cancels the pass still running and takes over its roots.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('gitops');
  private readonly status = vscode.window.createStatusBarItem(
    'gitops.diagnostics',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly results = new Map<string, RootLint>();
  private readonly findings = new WeakMap<vscode.Diagnostic, LintDiagnostic>();
  private acrossRoots: LintDiagnostic[] = [];
  private pending = new Set<string>();
  private running: AbortController | undefined;
  private linterModel: WorkspaceModel | undefined;
  private linters: { static: Linter; rendered: Linter } | undefined;

  constructor(
    private readonly workspace: WorkspaceService,
    private readonly renders: RenderService,
    private readonly log: ComponentLog,
  ) {
    this.status.name = 'GitOps diagnostics';
  }

  /** The lint finding behind a diagnostic this controller published. */
  findingOf(diagnostic: vscode.Diagnostic): LintDiagnostic | undefined {
    return this.findings.get(diagnostic);
  }

  /** The linter of the current model, for hovers. */
  linter(): Linter {
    return this.lintersFor(this.workspace.model).static;
  }

  onWorkspaceChange(change: WorkspaceChange): void {
    if (change.reloaded) {
      this.results.clear();
    }
    change.affectedRoots.forEach((dir) => this.pending.add(dir));
    this.running?.abort();
    void this.runPending();
  }

  private async runPending(): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    const dirs = [...this.pending].filter((dir) => this.workspace.model.root(dir) !== undefined);
    for (const dir of this.results.keys()) {
      if (this.workspace.model.root(dir) === undefined) {
        this.results.delete(dir);
      }
    }
    const started = Date.now();
    try {
      const linters = this.lintersFor(this.workspace.model);
      await this.pass(linters.static, dirs, controller.signal, 'checking');
      if (vscode.workspace.isTrusted && !controller.signal.aborted) {
        await this.pass(linters.rendered, dirs, controller.signal, 'building');
      }
      if (!controller.signal.aborted) {
        this.pending = new Set();
        this.log.info(`checked ${dirs.length} kustomization roots in ${Date.now() - started} ms`);
      }
    } catch (error) {
      this.log.error(`checking ${dirs.length} kustomization roots failed`, error);
    } finally {
      if (this.running === controller) {
        this.running = undefined;
        this.status.hide();
      }
    }
  }

  private async pass(
    linter: Linter,
    dirs: readonly string[],
    signal: AbortSignal,
    verb: string,
  ): Promise<void> {
    const results = await linter.lintRoots(dirs, signal, (done, total) => {
      this.status.text = `$(sync~spin) GitOps: ${verb} ${done}/${total}`;
      this.status.show();
    });
    if (signal.aborted) {
      return;
    }
    results.forEach((result) => this.results.set(result.dir, result));
    this.acrossRoots = lintAcrossRoots(linter, [...this.results.values()]);
    this.publish();
  }

  private lintersFor(model: WorkspaceModel): { static: Linter; rendered: Linter } {
    if (this.linters === undefined || this.linterModel !== model) {
      const buildOptions = readRenderSettings(undefined).buildOptions;
      const loadRestricted = !splitShellWords(buildOptions).includes('LoadRestrictionsNone');
      const render: RenderFunction = (dir, signal) => this.renderWith(dir, signal);
      this.linters = {
        static: new Linter(model, { loadRestricted }),
        rendered: new Linter(model, { loadRestricted, render }),
      };
      this.linterModel = model;
    }
    return this.linters;
  }

  private async renderWith(dir: string, signal?: AbortSignal) {
    const source = new vscode.CancellationTokenSource();
    const cancel = (): void => source.cancel();
    signal?.addEventListener('abort', cancel);
    try {
      return await this.renders.render(dir, source.token);
    } finally {
      signal?.removeEventListener('abort', cancel);
      source.dispose();
    }
  }

  private publish(): void {
    const all = sortAndDeduplicate([
      ...[...this.results.values()].flatMap((result) => result.diagnostics),
      ...this.acrossRoots,
    ]);
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const finding of all) {
      const diagnostic = toDiagnostic(finding);
      this.findings.set(diagnostic, finding);
      const list = byFile.get(finding.file) ?? [];
      list.push(diagnostic);
      byFile.set(finding.file, list);
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) {
      this.collection.set(vscode.Uri.file(file), diagnostics);
    }
  }

  dispose(): void {
    this.running?.abort();
    this.collection.dispose();
    this.status.dispose();
  }
}
