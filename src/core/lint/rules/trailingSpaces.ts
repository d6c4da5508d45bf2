import type { LintContext } from '../context';
import { patchEntries } from '../patchEntries';
import type { LintDiagnostic } from '../types';

const imageLine = /^(\s*(?:-\s+)?image:\s*\S(?:.*\S)?)([ \t]+)$/;

/**
 * Reports `image:` lines with trailing blanks in the kustomization's patches and resource files.
 * YAML drops them, but scripts that rewrite tags by text (sed in a CI job) append the tag after
 * the blank and produce an invalid image.
 */
export function checkImageTrailingSpaces(context: LintContext): LintDiagnostic[] {
  const files = new Set<string>([context.kustomization.file.path]);
  for (const entry of patchEntries(context.kustomization, context.files)) {
    if (entry.body !== undefined) {
      files.add(entry.body.file);
    }
  }
  for (const reference of context.kustomization.references) {
    if (
      reference.field === 'resources' &&
      context.model.root(reference.absolutePath) === undefined
    ) {
      files.add(reference.absolutePath);
    }
  }
  return [...files].flatMap((file) => scanFile(context, file));
}

function scanFile(context: LintContext, file: string): LintDiagnostic[] {
  const own = context.kustomization.file;
  const text = file === own.path ? own.text : (context.files.get(file)?.text ?? '');
  const diagnostics: LintDiagnostic[] = [];
  text.split('\n').forEach((line, index) => {
    const match = imageLine.exec(line.replace(/\r$/, ''));
    if (match === null) {
      return;
    }
    const start = (match[1] ?? '').length;
    const range = {
      startLine: index,
      startColumn: start,
      endLine: index,
      endColumn: start + (match[2] ?? '').length,
    };
    diagnostics.push({
      file,
      range,
      severity: 'warning',
      code: 'image-trailing-space',
      message: `Trailing space after the image in "${line.trim()}": YAML drops it, but tools that rewrite tags as text write the tag after the space. Remove it.`,
      fixes: [{ title: 'Remove the trailing space', edits: [{ file, range, newText: '' }] }],
    });
  });
  return diagnostics;
}
