import * as fs from 'node:fs';
import * as path from 'node:path';
import { LruCache, renderCacheKey } from './cache';
import type { Engine } from './engine';
import { buildCommand, EngineNotFoundError, resolveEngine } from './engine';
import type { TextReader } from './errorLocation';
import type { InputLimits, RenderInputs } from './inputs';
import { collectRenderInputs, defaultInputLimits, InputsTooLargeError } from './inputs';
import type { Mirror } from './mirror';
import { createMirror, isInside } from './mirror';
import type { Spawner } from './processRunner';
import { runProcess } from './processRunner';
import type { BuildContext, RenderResult } from './renderResult';
import { buildResult, earlyFailure } from './renderResult';
import type { RenderSettings } from './settings';
import { editorSettingNames, renderSettings } from './settings';
import { ShellWordsError } from './shellWords';

export interface RenderOptions {
  readonly settings?: Partial<RenderSettings>;
  /** Unsaved editor texts by absolute path, which replace the files' disk content. */
  readonly overrides?: ReadonlyMap<string, string>;
  /**
   * Absolute paths of the files the build reads, for example from the workspace model. When
   * absent they are collected with `collectRenderInputs`. With a list, unsaved edits count only
   * for files in it or under the built folder, and a file missing from it can leave a stale
   * cached result.
   */
  readonly inputFiles?: readonly string[];
}

export interface RendererOptions {
  /** Maximum number of cached results. 0 turns the cache off. */
  readonly cacheEntries?: number;
  readonly spawner?: Spawner;
  readonly inputLimits?: InputLimits;
}

/** The files that key the cache, and whether unsaved edits require a temporary mirror. */
interface InputPlan {
  /** Undefined when the inputs exceeded the limits, so the result cannot be cached. */
  readonly inputs: RenderInputs | undefined;
  readonly touched: boolean;
}

const supersededReason = 'superseded by a newer render of the same folder';

/**
 * Builds kustomization folders with the real kustomize (or kubectl), caching results by the
 * content of their inputs. Starting a render of a folder cancels the one still running for it.
 */
export class Renderer {
  private readonly cache: LruCache<RenderResult>;
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly options: RendererOptions = {}) {
    this.cache = new LruCache(options.cacheEntries ?? 64);
  }

  async render(
    dir: string,
    options: RenderOptions = {},
    signal?: AbortSignal,
  ): Promise<RenderResult> {
    const folder = path.resolve(dir);
    const controller = this.supersede(folder);
    const forwardAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort);
    if (signal?.aborted === true) {
      controller.abort(signal.reason);
    }

    try {
      return await this.renderOnce(folder, options, controller.signal);
    } finally {
      signal?.removeEventListener('abort', forwardAbort);
      if (this.running.get(folder) === controller) {
        this.running.delete(folder);
      }
    }
  }

  /** Cancels every running render and empties the cache. */
  dispose(): void {
    for (const controller of this.running.values()) {
      controller.abort();
    }
    this.running.clear();
    this.cache.clear();
  }

  private supersede(folder: string): AbortController {
    this.running.get(folder)?.abort(supersededReason);
    const controller = new AbortController();
    this.running.set(folder, controller);
    return controller;
  }

  private async renderOnce(folder: string, options: RenderOptions, signal: AbortSignal) {
    const started = Date.now();
    const settings = renderSettings(options.settings);
    const overrides = options.overrides ?? new Map<string, string>();

    let engine: Engine;
    try {
      engine = resolveEngine(settings);
    } catch (error) {
      return engineFailure(folder, error, settings, started);
    }

    const command = buildCommand(engine, folder);
    const read = textReader(overrides);
    const plan = this.needsInputs(overrides)
      ? this.planInputs(folder, options, overrides, read)
      : { inputs: undefined, touched: false };
    if (plan.touched && plan.inputs === undefined) {
      const message = `${folder} has too many input files to preview unsaved edits. Save first.`;
      return earlyFailure(folder, 'inputs-too-large', message, started);
    }

    const key = plan.inputs && renderCacheKey(command, plan.inputs.files, overrides);
    const hit = key === undefined ? undefined : this.cache.get(key);
    if (hit !== undefined) {
      return { ...hit, cached: true, durationMs: Date.now() - started };
    }

    const context = { dir: folder, engine, command, settings, started, read };
    const result = await this.build(context, plan, overrides, signal);
    if (key !== undefined && isCacheable(result)) {
      this.cache.set(key, result);
    }
    return result;
  }

  /** Inputs are collected only to key the cache or to mirror unsaved edits. */
  private needsInputs(overrides: ReadonlyMap<string, string>): boolean {
    return this.cache.capacity > 0 || overrides.size > 0;
  }

  private planInputs(
    folder: string,
    options: RenderOptions,
    overrides: ReadonlyMap<string, string>,
    read: TextReader,
  ): InputPlan {
    let inputs: RenderInputs | undefined;
    try {
      inputs =
        options.inputFiles === undefined
          ? collectRenderInputs(folder, read, this.options.inputLimits ?? defaultInputLimits)
          : { folders: [folder], files: options.inputFiles };
    } catch (error) {
      if (!(error instanceof InputsTooLargeError)) {
        throw error;
      }
      return { inputs: undefined, touched: overrides.size > 0 };
    }

    const files = new Set(inputs.files);
    const touched = [...overrides.keys()].some(
      (file) => files.has(file) || inputs.folders.some((input) => isInside(file, input)),
    );
    return { inputs, touched };
  }

  private async build(
    context: Omit<BuildContext, 'mirrored' | 'superseded' | 'toRealText'>,
    plan: InputPlan,
    overrides: ReadonlyMap<string, string>,
    signal: AbortSignal,
  ): Promise<RenderResult> {
    let mirror: Mirror | undefined;
    if (plan.touched && plan.inputs !== undefined) {
      try {
        mirror = createMirror(plan.inputs, overrides);
      } catch (error) {
        const cause = error instanceof Error ? error.message : String(error);
        const message = `could not copy the inputs of ${context.dir} to a temp folder: ${cause}`;
        return earlyFailure(context.dir, 'mirror-failed', message, context.started);
      }
    }

    try {
      const dir = mirror?.toMirrorPath(context.dir) ?? context.dir;
      const command = [...context.command.slice(0, -1), dir];
      const process = await runProcess(command[0] ?? '', command.slice(1), {
        cwd: isDirectory(dir) ? dir : undefined,
        timeoutMs: context.settings.timeoutMs,
        maxOutputBytes: context.settings.maxOutputBytes,
        signal,
        spawner: this.options.spawner,
      });

      return buildResult(process, {
        ...context,
        mirrored: mirror !== undefined,
        superseded: signal.reason === supersededReason,
        toRealText: mirror?.toRealText ?? ((text) => text),
      });
    } finally {
      mirror?.dispose();
    }
  }
}

/** Builds `dir` once without a cache, for one-off callers such as the CLI. */
export function render(dir: string, options: RenderOptions = {}, signal?: AbortSignal) {
  return new Renderer({ cacheEntries: 0 }).render(dir, options, signal);
}

function engineFailure(
  folder: string,
  error: unknown,
  settings: RenderSettings,
  started: number,
): RenderResult {
  if (error instanceof EngineNotFoundError) {
    return earlyFailure(folder, 'engine-not-found', error.message, started);
  }
  if (error instanceof ShellWordsError) {
    const names = settings.settingNames ?? editorSettingNames;
    const message = `invalid ${names.buildOptions}: ${error.message}`;
    return earlyFailure(folder, 'invalid-options', message, started);
  }
  throw error;
}

/** Returns true for results that depend only on the inputs, unlike timeouts and cancellations. */
function isCacheable(result: RenderResult): boolean {
  return result.ok || result.error?.reason === 'kustomize-failed';
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function textReader(overrides: ReadonlyMap<string, string>): TextReader {
  return (file) => {
    const override = overrides.get(file);
    if (override !== undefined) {
      return override;
    }
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
}
