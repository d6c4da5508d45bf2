import * as path from 'node:path';
import type * as YAML from 'yaml';
import { containsFolder } from '../../workspace/graph';
import type { KustomizationRoot } from '../../workspace/roots';
import { findPair, scalarString } from '../../yamlFile';
import type { LintContext } from '../context';
import { keyRange } from '../fixes/yamlEdits';
import { collectSourceObjects } from '../objects';
import { listFirst } from '../suggest';
import type { LintDiagnostic } from '../types';

/**
 * Explains that a Component's `namePrefix` or `nameSuffix` renames everything the including
 * kustomization has loaded and generated, because kustomize applies a component after the parent's
 * resources and generators. Kustomize v5.5.0 renames the parent's generated ConfigMaps too, while
 * v4.1.2 left them out.
 */
export function checkComponentPrefix(context: LintContext): LintDiagnostic[] {
  if (!context.isComponent) {
    return [];
  }
  const root = context.kustomization.root;
  const diagnostics: LintDiagnostic[] = [];
  for (const field of ['namePrefix', 'nameSuffix']) {
    const pair = findPair(root, field);
    const value = scalarString(pair?.value);
    if (pair === undefined || value === undefined || value === '') {
      continue;
    }
    const renamed = includers(context).flatMap((includer) => parentObjects(context, includer));
    if (renamed.length > 0) {
      diagnostics.push(prefixDiagnostic(context, pair, field, value, renamed));
    }
  }
  return diagnostics;
}

/** Roots that list this component directly under `components`. */
function includers(context: LintContext): KustomizationRoot[] {
  const dependents = context.model.rootsDependingOn(context.root.filePath);
  return dependents.flatMap((dir) => {
    const root = context.model.root(dir);
    const includes = root?.kustomization?.references.some(
      (reference) =>
        reference.field === 'components' &&
        path.resolve(reference.absolutePath) === context.root.dir,
    );
    return root !== undefined && includes === true ? [root] : [];
  });
}

/** Objects of the including root that do not come from this component. */
function parentObjects(context: LintContext, includer: KustomizationRoot): string[] {
  const objects = collectSourceObjects(context.model, includer, context.files).objects;
  const own = objects.filter((object) => !containsFolder(context.root.dir, object.file));
  const parent = path.basename(includer.dir);
  return own.map((object) => {
    const generated = object.file === includer.filePath ? 'generated ' : '';
    return `${parent}: ${generated}${object.kind} ${object.name}`;
  });
}

function prefixDiagnostic(
  context: LintContext,
  pair: YAML.Pair,
  field: string,
  value: string,
  renamed: readonly string[],
): LintDiagnostic {
  const listed = listFirst(renamed);
  const file = context.kustomization.file;
  return {
    file: file.path,
    range: keyRange(file, pair),
    severity: 'information',
    code: 'component-renames-parent',
    message:
      `This Component's ${field} "${value}" renames every object of the kustomizations that ` +
      `include it, not only the objects it adds, because a component runs after the parent's ` +
      `resources and generators (${listed}). ` +
      `References and patch targets that use the original names still match.`,
  };
}
