import type * as YAML from 'yaml';
import { findPair, rangeOfNode } from '../../yamlFile';
import type { LintContext } from '../context';
import type { SourceObject } from '../objects';
import { clusterScopedKinds, isRecord, objectsBeforeOwnNamespace } from '../objects';
import { listFirst } from '../suggest';
import type { LintDiagnostic, LintSeverity } from '../types';

const unsetOnlyAdvice =
  'To fill in only missing namespaces, replace `namespace:` with a NamespaceTransformer ' +
  '(apiVersion: builtin) that sets `unsetOnly: true` and `setRoleBindingSubjects: none`, ' +
  'listed under `transformers:`.';

/**
 * Explains what `namespace:` does beyond filling in a default, as kustomize v5.5.0 renders it:
 * it moves objects that name another namespace, renames Namespace objects (two of them fail the
 * build with an ID conflict), and moves binding subjects named `default`.
 */
export function checkNamespaceOverride(context: LintContext): LintDiagnostic[] {
  const namespace = context.kustomization.namespace;
  const node = findPair(context.kustomization.root, 'namespace')?.value as YAML.Node | undefined;
  if (namespace === undefined || namespace === '' || node === undefined) {
    return [];
  }

  const objects = objectsBeforeOwnNamespace(context.model, context.root, context.files).objects;
  const report = (severity: LintSeverity, code: string, message: string): LintDiagnostic => {
    const file = context.kustomization.file;
    return { file: file.path, range: rangeOfNode(file, node), severity, code, message };
  };
  return [
    ...renamedNamespaces(objects, namespace, report),
    ...movedObjects(objects, namespace, report),
    ...movedDefaultSubjects(objects, namespace, report),
  ];
}

type Report = (severity: LintSeverity, code: string, message: string) => LintDiagnostic;

function renamedNamespaces(
  objects: readonly SourceObject[],
  namespace: string,
  report: Report,
): LintDiagnostic[] {
  const renamed = objects
    .filter((object) => object.kind === 'Namespace' && object.name !== namespace)
    .map((object) => object.name);
  if (renamed.length > 1) {
    const message =
      `namespace: ${namespace} renames every Namespace object to ${namespace}, and this build ` +
      `has ${renamed.length} (${renamed.join(', ')}), so kustomize fails with ` +
      `"namespace transformation produces ID conflict". ` +
      `Remove the extra Namespace objects from the resources or drop \`namespace:\`.`;
    return [report('error', 'namespace-id-conflict', message)];
  }
  if (renamed.length === 1) {
    const message =
      `namespace: ${namespace} also renames the Namespace object ${renamed[0] ?? ''} to ` +
      `${namespace}, so ` +
      `${renamed[0] ?? ''} is never created. ${unsetOnlyAdvice}`;
    return [report('warning', 'namespace-object-renamed', message)];
  }
  return [];
}

function movedObjects(
  objects: readonly SourceObject[],
  namespace: string,
  report: Report,
): LintDiagnostic[] {
  const moved = objects.filter(
    (object) =>
      object.namespace !== undefined &&
      object.namespace !== namespace &&
      !clusterScopedKinds.has(object.kind),
  );
  if (moved.length === 0) {
    return [];
  }
  const examples = listFirst(
    moved.map((object) => `${object.kind} ${object.name} from ${object.namespace ?? ''}`),
  );
  const message =
    `namespace: ${namespace} is an override, not a default: it also moves ${moved.length} ` +
    `objects that name another namespace (${examples}). ${unsetOnlyAdvice}`;
  return [report('information', 'namespace-overrides-explicit', message)];
}

function movedDefaultSubjects(
  objects: readonly SourceObject[],
  namespace: string,
  report: Report,
): LintDiagnostic[] {
  const subjects: string[] = [];
  for (const object of objects) {
    if (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') {
      continue;
    }
    for (const subject of listOf(object.value['subjects'])) {
      const from = subject['namespace'];
      const isDefault = subject['kind'] === 'ServiceAccount' && subject['name'] === 'default';
      if (isDefault && typeof from === 'string' && from !== namespace) {
        subjects.push(`${object.kind} ${object.name} (from ${from})`);
      }
    }
  }
  if (subjects.length === 0) {
    return [];
  }
  const message =
    `namespace: ${namespace} also sets ${namespace} on ServiceAccount subjects named "default" ` +
    `in ${subjects.join(', ')}, because the namespace transformer defaults to ` +
    `setRoleBindingSubjects: defaultOnly. The binding then grants the ` +
    `default ServiceAccount of ${namespace} instead. ${unsetOnlyAdvice}`;
  return [report('warning', 'namespace-moves-default-subject', message)];
}

function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
