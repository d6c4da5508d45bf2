import * as YAML from 'yaml';
import { findPair, rangeOfNode, scalarString } from '../../yamlFile';
import type { LintContext } from '../context';
import type { LintDiagnostic } from '../types';

/** Kinds with a replicas field spec in kustomize v5.5.0 (`builtinpluginconsts/replicas.go`). */
const scalableKinds = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];

/**
 * Checks `replicas:` entries. Unlike most selectors this one is strict: a name that matches no
 * scalable object fails the whole build with "does not match a config with the following GVK".
 */
export function checkReplicas(context: LintContext): LintDiagnostic[] {
  const list = findPair(context.kustomization.root, 'replicas')?.value;
  if (!YAML.isSeq(list)) {
    return [];
  }
  return list.items.flatMap((item) => checkEntry(context, item));
}

function checkEntry(context: LintContext, item: unknown): LintDiagnostic[] {
  const file = context.kustomization.file;
  const nameNode = findPair(item, 'name')?.value as YAML.Node | undefined;
  const countNode = findPair(item, 'count')?.value;
  const name = scalarString(nameNode);
  const diagnostics: LintDiagnostic[] = [];
  if (YAML.isScalar(countNode) && !Number.isInteger(countNode.value)) {
    diagnostics.push({
      file: file.path,
      range: rangeOfNode(file, countNode),
      severity: 'error',
      code: 'replicas-count-not-integer',
      message: `replicas count ${String(countNode.value)} is not a whole number; kustomize rejects it. Write an unquoted integer.`,
    });
  }
  if (name === undefined || !context.sources.complete || context.isComponent) {
    return diagnostics;
  }
  const hasConfigurations = findPair(context.kustomization.root, 'configurations') !== undefined;
  const named = context.sources.objects.filter((object) => object.name === name);
  const scalable = named.filter((object) => scalableKinds.includes(object.kind));
  if (scalable.length > 0 || (hasConfigurations && named.length > 0)) {
    return diagnostics;
  }

  const kinds = [...new Set(named.map((object) => object.kind))].join(', ');
  const message =
    named.length === 0
      ? `replicas name "${name}" matches no object, and kustomize fails the build ("does not match a config with the following GVK"). Check the name.`
      : `replicas name "${name}" matches only ${kinds}, which kustomize cannot scale (it knows ${scalableKinds.join(', ')}), so the build fails. Add a replicas field spec for ${kinds} in configurations, or patch spec.replicas.`;
  diagnostics.push({
    file: file.path,
    range: rangeOfNode(file, nameNode),
    severity: 'error',
    code: 'replicas-no-match',
    message,
  });
  return diagnostics;
}
