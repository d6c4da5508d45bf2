import type { Engine } from './engine';
import type { RenderErrorLocation, TextReader } from './errorLocation';
import { locateRenderError } from './errorLocation';
import { parseKustomizeStderr } from './kustomizeOutput';
import type { ProcessResult } from './processRunner';
import type { EngineKind, RenderSettings } from './settings';
import { editorSettingNames } from './settings';

/** The cause of a render that produced no YAML. */
export type RenderFailureReason =
  | 'kustomize-failed'
  | 'timed-out'
  | 'cancelled'
  | 'superseded'
  | 'output-limit'
  | 'engine-not-found'
  | 'spawn-failed'
  | 'invalid-options'
  | 'inputs-too-large'
  | 'mirror-failed';

export interface RenderFailure {
  readonly reason: RenderFailureReason;
  /** One message that names the folder and the cause. */
  readonly message: string;
  /** kustomize's own error text when kustomize ran and failed, else ''. */
  readonly kustomizeError: string;
  readonly location: RenderErrorLocation;
}

/** The outcome of building one kustomization folder. */
export interface RenderResult {
  readonly ok: boolean;
  readonly dir: string;
  /** Standard output of the build, byte for byte as UTF-8, or '' on failure. */
  readonly yaml: string;
  readonly warnings: readonly string[];
  readonly error?: RenderFailure;
  readonly exitCode: number | null;
  readonly durationMs: number;
  readonly engine?: EngineKind;
  /** The command line that ran (or would have run), binary first. */
  readonly command: readonly string[];
  /** True when the result came from the cache and nothing was spawned. */
  readonly cached: boolean;
  /** True when the build ran on a temporary copy because of unsaved edits. */
  readonly mirrored: boolean;
}

/** Facts about one build attempt needed to describe its result. */
export interface BuildContext {
  readonly dir: string;
  readonly engine: Engine;
  readonly command: readonly string[];
  readonly settings: RenderSettings;
  readonly mirrored: boolean;
  readonly started: number;
  readonly read: TextReader;
  readonly superseded: boolean;
  /** Maps temporary mirror paths in messages back to real paths. */
  readonly toRealText: (text: string) => string;
}

/** Returns a result for a failure that happened before any build ran. */
export function earlyFailure(
  dir: string,
  reason: RenderFailureReason,
  message: string,
  started: number,
): RenderResult {
  return {
    ok: false,
    dir,
    yaml: '',
    warnings: [],
    error: { reason, message, kustomizeError: '', location: { message } },
    exitCode: null,
    durationMs: Date.now() - started,
    command: [],
    cached: false,
    mirrored: false,
  };
}

/** Turns a finished build process into a `RenderResult`. */
export function buildResult(process: ProcessResult, context: BuildContext): RenderResult {
  const stderr = parseKustomizeStderr(context.toRealText(process.stderr));
  const ok = process.outcome === 'exited' && process.exitCode === 0;
  const base = {
    ok,
    dir: context.dir,
    yaml: ok ? process.stdout.toString('utf8') : '',
    warnings: stderr.warnings,
    exitCode: process.exitCode,
    durationMs: Date.now() - context.started,
    engine: context.engine.kind,
    command: context.command,
    cached: false,
    mirrored: context.mirrored,
  };

  if (ok) {
    return base;
  }
  return { ...base, error: describeFailure(process, stderr.error, context) };
}

function describeFailure(process: ProcessResult, kustomizeError: string, context: BuildContext) {
  const tool = context.engine.kind === 'kustomize' ? 'kustomize build' : 'kubectl kustomize';
  const failure = (reason: RenderFailureReason, message: string): RenderFailure => ({
    reason,
    message,
    kustomizeError: '',
    location: { message },
  });

  switch (process.outcome) {
    case 'timed-out':
      const timeout = context.settings.timeoutMs;
      return failure('timed-out', `${tool} ${context.dir} timed out after ${timeout} ms`);
    case 'aborted':
      return context.superseded
        ? failure('superseded', `${tool} ${context.dir} was replaced by a newer render`)
        : failure('cancelled', `${tool} ${context.dir} was cancelled`);
    case 'output-limit':
      const limit = context.settings.maxOutputBytes;
      const message = `${tool} ${context.dir} wrote more than ${limit} bytes and was stopped`;
      return failure('output-limit', message);
    case 'spawn-error': {
      const cause = process.spawnError?.message ?? 'unknown error';
      const names = context.settings.settingNames ?? editorSettingNames;
      return failure(
        'spawn-failed',
        `could not start ${context.engine.binary}: ${cause}. ` +
          `Check ${names.binaryPath} and ${names.engine}.`,
      );
    }
    case 'exited':
      return kustomizeFailure(process, kustomizeError, tool, context);
  }
}

function kustomizeFailure(
  process: ProcessResult,
  kustomizeError: string,
  tool: string,
  context: BuildContext,
): RenderFailure {
  const error = kustomizeError !== '' ? kustomizeError : `exit code ${String(process.exitCode)}`;
  const flag = rejectedBuildFlag(error, context);
  if (flag !== undefined) {
    const names = context.settings.settingNames ?? editorSettingNames;
    const message = `${tool} rejected ${flag} from ${names.buildOptions}: ${error}`;
    return { reason: 'invalid-options', message, kustomizeError: error, location: { message } };
  }
  return {
    reason: 'kustomize-failed',
    message: `${tool} ${context.dir} failed: ${error}`,
    kustomizeError: error,
    location: locateRenderError(error, context.dir, context.read),
  };
}

/**
 * Returns the build flag that the tool reported as unknown when it came from the build options,
 * so the failure blames that value instead of the kustomization.
 */
function rejectedBuildFlag(error: string, context: BuildContext): string | undefined {
  const match = /unknown (?:shorthand )?flag: '?(-{1,2}[^\s']+)/.exec(error);
  const flag = match?.[1];
  if (flag === undefined) {
    return undefined;
  }
  const fromOptions = context.engine.buildFlags.some((option) => option.split('=')[0] === flag);
  return fromOptions ? flag : undefined;
}
