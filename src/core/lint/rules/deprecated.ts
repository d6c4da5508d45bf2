import type { LintContext } from '../context';
import { deprecatedFieldFix } from '../fixes/deprecated';
import { keyRange } from '../fixes/yamlEdits';
import type { LintDiagnostic } from '../types';
import { findPair } from '../../yamlFile';

/** Deprecated fields of kustomize v5 and the field each one gives way to. */
const replacements: readonly (readonly [string, string])[] = [
  ['bases', '`resources`'],
  ['commonLabels', '`labels` (with `includeSelectors: true` for the same selectors)'],
  ['imageTags', '`images`'],
  ['patchesJson6902', '`patches` with a `target`'],
  ['patchesStrategicMerge', '`patches` with a `path`'],
  ['vars', '`replacements`, rewritten by hand because each `$(VAR)` becomes a replacement target'],
];

/** Reports fields that kustomize v5 still builds but warns about on every build. */
export function checkDeprecatedFields(context: LintContext): LintDiagnostic[] {
  const kustomization = context.kustomization;
  const root = kustomization.root;
  if (root === undefined) {
    return [];
  }

  const diagnostics: LintDiagnostic[] = [];
  for (const [field, replacement] of replacements) {
    const pair = findPair(root, field);
    if (pair === undefined) {
      continue;
    }
    const fix = deprecatedFieldFix(kustomization.file, root, field);
    diagnostics.push({
      file: kustomization.file.path,
      range: keyRange(kustomization.file, pair),
      severity: 'warning',
      code: 'deprecated-field',
      message: `"${field}" is deprecated since kustomize v5 and prints a warning on every build: use ${replacement}.`,
      ...(fix === undefined ? {} : { fixes: [fix] }),
    });
  }
  return diagnostics;
}
