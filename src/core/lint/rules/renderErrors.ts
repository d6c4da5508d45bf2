import * as path from 'node:path';
import type { RenderResult } from '../../render/renderResult';
import type { LintContext } from '../context';
import { lineRange } from '../context';
import type { LintDiagnostic } from '../types';

/** Longer kustomize errors (an ID conflict prints whole objects) are cut to this many characters. */
const maxQuoted = 600;

/**
 * Turns a failed kustomize build into a diagnostic at the file and line the error points to,
 * or at the top of the root's kustomization when the message names no place.
 */
export function renderErrorDiagnostics(context: LintContext, result: RenderResult): LintDiagnostic[] {
  const error = result.error;
  if (result.ok || error === undefined || error.reason !== 'kustomize-failed') {
    return [];
  }

  const location = error.location;
  const locatedFile = location.file !== undefined && /\.ya?ml$|Kustomization$/.test(location.file) ? location.file : undefined;
  const file = locatedFile ?? context.root.filePath;
  const line = location.line === undefined ? 0 : location.line - 1;
  const text = context.files.get(file)?.text;
  const place = locatedFile === undefined ? '' : ` (${path.basename(file)}, line ${line + 1})`;
  const quotedError = error.kustomizeError.length > maxQuoted ? `${error.kustomizeError.slice(0, maxQuoted)}…` : error.kustomizeError;
  const message =
    location.message === error.kustomizeError
      ? `kustomize build of ${path.basename(context.root.dir)} fails${place}: ${quotedError}`
      : `kustomize build of ${path.basename(context.root.dir)} fails${place}: ${location.message}. kustomize said: ${quotedError}`;
  return [{ file, range: lineRange(line, text), severity: 'error', code: 'render-failed', message }];
}
