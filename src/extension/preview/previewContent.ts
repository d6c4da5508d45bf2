import type { RenderResult } from '../../core/render/renderResult';

/** Prefixes every line with `# ` so a message can sit at the top of a YAML document. */
export function commentLines(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? '#' : `# ${line}`))
    .join('\n');
}

/**
 * Returns the preview text of a render. A failure becomes YAML comments that name the folder,
 * the file and line behind kustomize's error, and its message. The last good output, if any,
 * follows below, so the reader keeps the context while fixing the error.
 */
export function previewText(result: RenderResult, lastGood: string | undefined): string {
  if (result.ok) {
    const warnings = result.warnings.join('\n');
    return warnings === '' ? result.yaml : `${warnings}\n${result.yaml}`;
  }

  const error = result.error;
  const location = error?.location;
  const lines = [`Rendering ${result.dir} failed.`];
  if (location?.file !== undefined) {
    const line = location.line === undefined ? '' : `:${location.line}`;
    lines.push(`File: ${location.file}${line}`);
  }
  const detail = error === undefined ? 'unknown error' : error.kustomizeError || error.message;
  lines.push('', detail);
  if (location !== undefined && location.message !== detail) {
    lines.push('', location.message);
  }

  const header = commentLines(lines.join('\n'));
  if (lastGood === undefined) {
    return `${header}\n`;
  }
  return `${header}\n#\n# Output of the last successful render:\n${lastGood}`;
}

/** Returns the preview text for an untrusted workspace, where kustomize is never started. */
export function untrustedPreviewText(dir: string): string {
  return `${commentLines(
    [
      `Rendering ${dir} is off because this workspace is not trusted.`,
      'Rendering runs kustomize or kubectl on files of the workspace.',
      'Trust the workspace (command "Workspaces: Manage Workspace Trust") to see the output here.',
    ].join('\n'),
  )}\n`;
}

/** Returns the preview text shown while the first render runs. */
export function renderingPreviewText(dir: string): string {
  return `# Rendering ${dir} ...\n`;
}
