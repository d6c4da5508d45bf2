import * as vscode from 'vscode';
import { Renderer } from '../../core/render/renderer';
import type { RenderResult } from '../../core/render/renderResult';
import type { ComponentLog } from '../log';
import { affectsRender, readRenderSettings } from '../settings';
import type { WorkspaceService } from '../workspace/workspaceService';

/** Rendering runs kustomize or kubectl, which an untrusted workspace must not start. */
export class RenderingUntrustedError extends Error {
  constructor() {
    super('Rendering is off in an untrusted workspace. Trust the workspace to run kustomize.');
  }
}

/** Roots whose earlier results are out of date, and why: typing in an editor, or anything else. */
export interface Invalidation {
  readonly dirs: readonly string[];
  readonly cause: 'edit' | 'model';
}

interface Flight {
  readonly generation: number;
  readonly controller: AbortController;
  readonly promise: Promise<RenderResult>;
  waiters: number;
}

/** Options of one render: cancellation, and texts that replace files for this render only. */
export interface RenderRequest {
  readonly token?: vscode.CancellationToken;
  /**
   * Texts by absolute path that replace the files' content on top of the open editors' unsaved
   * texts, such as a planned kustomization. Such a render shares no build and is not kept as
   * the root's last result.
   */
  readonly overrides?: ReadonlyMap<string, string>;
}

/**
 * Renders kustomization roots for the views and the preview. Callers that request the same root
 * while nothing it reads has changed share one build. A change to an input starts a new build,
 * which cancels the older one. The last result per root is kept until its inputs change.
 */
export class RenderService implements vscode.Disposable {
  private readonly renderer = new Renderer({ cacheEntries: 64 });
  /** Builds with extra overrides; a Renderer cancels its older build of the same folder. */
  private readonly overrideRenderer = new Renderer({ cacheEntries: 8 });
  private readonly flights = new Map<string, Flight>();
  private readonly generations = new Map<string, number>();
  private readonly results = new Map<string, RenderResult>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly invalidateEmitter = new vscode.EventEmitter<Invalidation>();
  private readonly activityEmitter = new vscode.EventEmitter<number>();

  /** Fires with root folders whose inputs changed, so earlier results are out of date. */
  readonly onDidInvalidate = this.invalidateEmitter.event;

  /** Fires with the number of builds running, whenever it changes. */
  readonly onDidChangeActivity = this.activityEmitter.event;

  constructor(
    private readonly workspace: WorkspaceService,
    private readonly log: ComponentLog,
  ) {
    this.disposables.push(this.invalidateEmitter, this.activityEmitter);
    workspace.onDidEditDocument((file) => this.onEdit(file), undefined, this.disposables);
    workspace.onDidChange(
      (change) => this.invalidate(change.affectedRoots, 'model'),
      undefined,
      this.disposables,
    );
    vscode.workspace.onDidChangeConfiguration(
      (event) => this.onConfigurationChange(event),
      undefined,
      this.disposables,
    );
  }

  /** False in an untrusted workspace, where nothing may be executed. */
  get enabled(): boolean {
    return vscode.workspace.isTrusted;
  }

  get running(): number {
    return this.flights.size;
  }

  /** Returns the last finished result for `dir`, or undefined when an input changed since. */
  lastResult(dir: string): RenderResult | undefined {
    return this.results.get(dir);
  }

  /**
   * Renders `dir` with the unsaved text of open editors. A kustomize failure resolves with a
   * failed result. Cancelling the token ends only this caller's wait, and the build stops when no
   * caller waits any more. Rejects with RenderingUntrustedError in an untrusted workspace.
   */
  async render(
    dir: string,
    request?: vscode.CancellationToken | RenderRequest,
  ): Promise<RenderResult> {
    if (!this.enabled) {
      throw new RenderingUntrustedError();
    }

    const { token, overrides } = readRequest(request);
    if (overrides !== undefined && overrides.size > 0) {
      return this.renderWithOverrides(dir, overrides, token);
    }

    const generation = this.generations.get(dir) ?? 0;
    let flight = this.flights.get(dir);
    if (flight === undefined || flight.generation !== generation) {
      flight = this.start(dir, generation);
    }

    const result = await this.wait(flight, token);
    if (result.error?.reason === 'superseded' && token?.isCancellationRequested !== true) {
      return this.render(dir, token);
    }
    return result;
  }

  private async renderWithOverrides(
    dir: string,
    extra: ReadonlyMap<string, string>,
    token: vscode.CancellationToken | undefined,
  ): Promise<RenderResult> {
    const controller = new AbortController();
    const subscription = token?.onCancellationRequested(() => controller.abort());
    const overrides = new Map([...this.overrides(), ...extra]);
    const options = { settings: readRenderSettings(vscode.Uri.file(dir)), overrides };

    try {
      return await this.overrideRenderer.render(dir, options, controller.signal);
    } finally {
      subscription?.dispose();
    }
  }

  private start(dir: string, generation: number): Flight {
    const controller = new AbortController();
    const options = {
      settings: readRenderSettings(vscode.Uri.file(dir)),
      overrides: this.overrides(),
    };
    const promise = this.renderer.render(dir, options, controller.signal);
    const flight: Flight = { generation, controller, promise, waiters: 0 };

    this.flights.set(dir, flight);
    this.activityEmitter.fire(this.flights.size);
    void promise.then(
      (result) => this.finish(dir, flight, result),
      (error: unknown) => this.fail(dir, flight, error),
    );
    return flight;
  }

  private overrides(): Map<string, string> {
    const source = this.workspace.model.source;
    const overrides = new Map<string, string>();
    for (const file of source.overriddenPaths()) {
      const text = source.overrideOf(file);
      if (text !== undefined) {
        overrides.set(file, text);
      }
    }
    return overrides;
  }

  private async wait(flight: Flight, token: vscode.CancellationToken | undefined) {
    flight.waiters++;
    const subscription = token?.onCancellationRequested(() => {
      flight.waiters--;
      if (flight.waiters === 0) {
        flight.controller.abort();
      }
    });

    try {
      return await flight.promise;
    } finally {
      subscription?.dispose();
    }
  }

  private finish(dir: string, flight: Flight, result: RenderResult): void {
    this.endFlight(dir, flight);
    const current = (this.generations.get(dir) ?? 0) === flight.generation;
    const reason = result.error?.reason;
    if (current && reason !== 'superseded' && reason !== 'cancelled') {
      this.results.set(dir, result);
    }

    const outcome = result.ok ? 'ok' : `failed (${result.error?.reason ?? 'unknown'})`;
    let origin = '';
    if (result.cached) {
      origin = ', cached';
    } else if (result.mirrored) {
      origin = ', with unsaved edits';
    }
    this.log.debug(`render ${dir}: ${outcome} in ${result.durationMs} ms${origin}`);
  }

  private fail(dir: string, flight: Flight, error: unknown): void {
    this.endFlight(dir, flight);
    this.log.error(`render ${dir} failed unexpectedly`, error);
  }

  private endFlight(dir: string, flight: Flight): void {
    if (this.flights.get(dir) === flight) {
      this.flights.delete(dir);
      this.activityEmitter.fire(this.flights.size);
    }
  }

  private onEdit(file: string): void {
    const model = this.workspace.model;
    this.invalidate(model.rootsDependingOn(file), 'edit');
  }

  private invalidate(dirs: readonly string[], cause: Invalidation['cause']): void {
    if (dirs.length === 0) {
      return;
    }
    for (const dir of dirs) {
      this.generations.set(dir, (this.generations.get(dir) ?? 0) + 1);
      this.results.delete(dir);
    }
    this.invalidateEmitter.fire({ dirs, cause });
  }

  private onConfigurationChange(event: vscode.ConfigurationChangeEvent): void {
    if (affectsRender(event)) {
      this.invalidate(
        this.workspace.model.roots().map((root) => root.dir),
        'model',
      );
    }
  }

  dispose(): void {
    for (const flight of this.flights.values()) {
      flight.controller.abort();
    }
    this.flights.clear();
    this.renderer.dispose();
    this.overrideRenderer.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function readRequest(request: vscode.CancellationToken | RenderRequest | undefined): RenderRequest {
  if (request === undefined) {
    return {};
  }
  return 'isCancellationRequested' in request ? { token: request } : request;
}
