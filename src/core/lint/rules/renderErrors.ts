import * as path from 'node:path';
import type { RenderFailureReason, RenderResult } from '../../render/renderResult';
import type { LintContext } from '../context';
import { lineRange } from '../context';
import type { LintDiagnostic } from '../types';

/** Longer kustomize errors (an ID conflict prints whole objects) are cut to this many characters. */
const maxQuoted = 600;

/** Reasons a build stopped on purpose, which are not findings about the kustomization. */
const silentReasons: ReadonlySet<RenderFailureReason> = new Set(['cancelled', 'superseded']);

/**
 * Turns a render that produced no YAML into a diagnostic. A kustomize error goes to the file and
 * line it points to, or to the top of the root's kustomization when it names no place. Any
 * other reason (a timeout, too much output, no kustomize) becomes a warning at the top of the
 * kustomization that says which checks did not run. The timeout warning names `timeoutOption`
 * as the way to raise it. Cancelled and superseded renders report nothing.
 */
export function renderErrorDiagnostics(
  context: LintContext,
  result: RenderResult,
  timeoutOption: string,
): LintDiagnostic[] {
  const error = result.error;
  if (result.ok || error === undefined || silentReasons.has(error.reason)) {
    return [];
  }
  if (error.reason !== 'kustomize-failed') {
    return [buildNotRunDiagnostic(context, result, timeoutOption)];
  }

  const location = error.location;
  const locatedFile =
    location.file !== undefined && /\.ya?ml$|Kustomization$/.test(location.file)
      ? location.file
      : undefined;
  const file = locatedFile ?? context.root.filePath;
  const line = location.line === undefined ? 0 : location.line - 1;
  const text = context.files.get(file)?.text;
  const place = locatedFile === undefined ? '' : ` (${path.basename(file)}, line ${line + 1})`;
  const quotedError =
    error.kustomizeError.length > maxQuoted
      ? `${error.kustomizeError.slice(0, maxQuoted)}…`
      : error.kustomizeError;
  const message =
    location.message === error.kustomizeError
      ? `kustomize build of ${path.basename(context.root.dir)} fails${place}: ${quotedError}`
      : `kustomize build of ${path.basename(context.root.dir)} fails${place}: ${location.message}. kustomize reported: ${quotedError}`;
  return [
    { file, range: lineRange(line, text), severity: 'error', code: 'render-failed', message },
  ];
}

/** The checks that read the build's output, named in findings about a build that did not complete. */
const checksNeedingBuild =
  "kustomize's own errors went unchecked and the image-pull and Argo CD namespace checks " +
  'estimated the objects from the files';

function buildNotRunDiagnostic(
  context: LintContext,
  result: RenderResult,
  timeoutOption: string,
): LintDiagnostic {
  const name = path.basename(context.root.dir);
  const text = context.files.get(context.root.filePath)?.text;
  const range = lineRange(0, text);
  const finding = { file: context.root.filePath, range, severity: 'warning' } as const;

  if (result.error?.reason === 'timed-out') {
    const timeout = formatTimeout(result.durationMs);
    const message =
      `kustomize build of ${name} timed out after ${timeout}, so ${checksNeedingBuild}. ` +
      `Raise the timeout with ${timeoutOption}.`;
    return { ...finding, code: 'render-timeout', message };
  }

  const cause = (result.error?.message ?? 'the build did not run').replace(/\.$/, '');
  const message =
    `kustomize build of ${name} did not complete: ${cause}. ` +
    `Because of that, ${checksNeedingBuild}.`;
  return { ...finding, code: 'render-not-run', message };
}

/**
 * Formats the run time of a killed build as the timeout it hit. The run time exceeds the timeout
 * by the process start (tens of milliseconds), so it is rounded down: to 0.1 s below 10 s and to
 * whole seconds above.
 */
function formatTimeout(ms: number): string {
  if (ms < 100) {
    return `${Math.floor(ms)} ms`;
  }
  const seconds = ms / 1000;
  return seconds < 10 ? `${Math.floor(seconds * 10) / 10} s` : `${Math.floor(seconds)} s`;
}
