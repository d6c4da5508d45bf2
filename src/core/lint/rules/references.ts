import * as path from 'node:path';
import { containsFolder } from '../../workspace/graph';
import type { LintContext } from '../context';
import type { LintDiagnostic } from '../types';

/**
 * Reports what the workspace model found while following the root's references (missing paths,
 * folders without a kustomization, cycles, remote entries), and YAML problems of the
 * kustomization and of every file it reads.
 */
export function checkReferences(context: LintContext): LintDiagnostic[] {
  const fromModel: LintDiagnostic[] = context.root.problems.map((problem) => ({
    file: problem.file,
    range: problem.range,
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
  }));
  return [...fromModel, ...yamlProblems(context), ...outsideRoot(context)];
}

function yamlProblems(context: LintContext): LintDiagnostic[] {
  const own: LintDiagnostic[] = context.kustomization.problems.map((problem) => ({
    ...problem,
    file: context.kustomization.file.path,
  }));
  for (const file of context.root.fileReferences) {
    if (file === context.root.filePath || !/\.ya?ml$/i.test(file)) {
      continue;
    }
    const parsed = context.files.get(file);
    own.push(...(parsed?.problems ?? []).map((problem) => ({ ...problem, file })));
  }
  return own;
}

/**
 * With the default load restrictor kustomize reads single files only inside the root's folder;
 * other kustomization folders may be anywhere.
 */
function outsideRoot(context: LintContext): LintDiagnostic[] {
  if (!context.loadRestricted) {
    return [];
  }
  const diagnostics: LintDiagnostic[] = [];
  for (const reference of context.kustomization.references) {
    const target = reference.absolutePath;
    const isFile =
      !reference.remote &&
      context.model.root(target) === undefined &&
      context.model.source.isFile(target);
    if (!isFile || containsFolder(context.root.dir, target)) {
      continue;
    }
    diagnostics.push({
      file: context.kustomization.file.path,
      range: reference.range,
      severity: 'error',
      code: 'file-outside-root',
      message:
        `${reference.field} entry "${reference.value}" is outside the kustomization folder ${path.basename(context.root.dir)}, ` +
        'and kustomize rejects it ("security; file ... is not in or below ..."). Move the file into this folder, make its folder a ' +
        'kustomization and list that, or add `--load-restrictor LoadRestrictionsNone` to the build options here and in Argo CD.',
    });
  }
  return diagnostics;
}
