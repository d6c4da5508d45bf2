import * as YAML from 'yaml';
import type { YamlFile } from '../../yamlFile';
import { findPair, rangeOfNode, scalarString } from '../../yamlFile';
import type { LintContext } from '../context';
import { columnOf, insertAfterLine } from '../fixes/yamlEdits';
import type { SourceObject } from '../objects';
import { isRecord } from '../objects';
import type { LintDiagnostic, LintFix } from '../types';

type GeneratedKind = 'ConfigMap' | 'Secret';

/** A name reference found in an object, and whether kustomize's name reference rules cover it. */
interface NameReference {
  readonly object: SourceObject;
  readonly kind: GeneratedKind;
  readonly name: string;
  readonly path: string;
  readonly followed: boolean;
}

/** Keys whose `name` (or `secretName`) kustomize rewrites when the named object is renamed. */
const followedParents: Record<string, GeneratedKind> = {
  configMapRef: 'ConfigMap',
  configMapKeyRef: 'ConfigMap',
  configMap: 'ConfigMap',
  secretRef: 'Secret',
  secretKeyRef: 'Secret',
  secret: 'Secret',
  'imagePullSecrets[]': 'Secret',
  'tls[]': 'Secret',
};

/** Fields that name a ConfigMap or Secret outside the places above, as custom resources do. */
const unfollowedKey = /^(?:[a-z]\w*)?(configMap|secret)(Name|Ref)?$/i;

/**
 * Checks that references to a generated ConfigMap or Secret receive its final name (prefix, suffix
 * and content hash). Kustomize v5.5.0 rewrites a reference only when the referring object is in
 * the same namespace as the generated object and the field is one of its known reference fields.
 * Elsewhere the old name stays in the output, and the pod fails at runtime.
 */
export function checkGeneratedNames(context: LintContext): LintDiagnostic[] {
  let references: NameReference[] | undefined;
  const diagnostics: LintDiagnostic[] = [];
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    const list = findPair(context.kustomization.root, field)?.value;
    if (!YAML.isSeq(list)) {
      continue;
    }
    for (const item of list.items) {
      if (YAML.isMap(item) && renamesGenerated(context, item)) {
        references ??= context.sources.objects.flatMap((object) => nameReferences(object));
        diagnostics.push(...checkGenerator(context, item, kind, references));
      }
    }
  }
  return diagnostics;
}

/** True when the build changes the generator's name: a hash suffix, a prefix or a suffix. */
function renamesGenerated(context: LintContext, item: YAML.YAMLMap): boolean {
  const behavior = scalarString(findPair(item, 'behavior')?.value);
  if (behavior === 'merge' || behavior === 'replace') {
    return false;
  }
  const root = context.kustomization.root;
  const hashOff = disablesHash(item) || disablesHash(findPair(root, 'generatorOptions')?.value);
  const renamed = ['namePrefix', 'nameSuffix'].some(
    (key) => (scalarString(findPair(root, key)?.value) ?? '') !== '',
  );
  return renamed || !hashOff;
}

/** Reads `disableNameSuffixHash: true` of a generator's `options` or of `generatorOptions`. */
function disablesHash(node: unknown): boolean {
  const ownOptions = findPair(node, 'options');
  const options = ownOptions === undefined ? node : ownOptions.value;
  return scalarString(findPair(options, 'disableNameSuffixHash')?.value) === 'true';
}

function checkGenerator(
  context: LintContext,
  item: YAML.YAMLMap,
  kind: GeneratedKind,
  references: readonly NameReference[],
): LintDiagnostic[] {
  const nameNode = findPair(item, 'name')?.value as YAML.Node | undefined;
  const name = scalarString(nameNode);
  if (name === undefined) {
    return [];
  }
  const namespace =
    scalarString(findPair(item, 'namespace')?.value) ?? context.kustomization.namespace;
  const matching = references.filter(
    (reference) => reference.kind === kind && reference.name === name,
  );
  const diagnostics: LintDiagnostic[] = [];

  const elsewhere = matching.filter(
    (reference) => reference.followed && reference.object.namespace !== namespace,
  );
  const first = elsewhere[0];
  if (first !== undefined) {
    diagnostics.push(otherNamespace(context, item, nameNode, kind, name, namespace, elsewhere));
  }
  for (const reference of matching.filter((candidate) => !candidate.followed)) {
    diagnostics.push(unfollowedField(context, nameNode, reference));
  }
  return diagnostics;
}

function otherNamespace(
  context: LintContext,
  item: YAML.YAMLMap,
  nameNode: YAML.Node | undefined,
  kind: GeneratedKind,
  name: string,
  namespace: string | undefined,
  references: readonly NameReference[],
): LintDiagnostic {
  const file = context.kustomization.file;
  const referrers = references.map(({ object }) => {
    return `${object.kind} ${object.name} (namespace ${object.namespace ?? 'none'})`;
  });
  const lands = namespace === undefined ? 'no namespace' : `namespace ${namespace}`;
  const target = references[0]?.object.namespace;
  const fix = target === undefined ? undefined : namespaceFix(file, item, nameNode, target);
  const message =
    `The generated ${kind} ${name} lands in ${lands}, but ${[...new Set(referrers)].join(', ')} ` +
    `refers to it from another namespace. Kustomize rewrites a reference to the generated name ` +
    `only within one namespace, so the output keeps "${name}", which does not exist, and the pod ` +
    `fails to start. Set \`namespace: ${target ?? '...'}\` on the generator or \`namespace:\` in ` +
    `this kustomization.`;
  return {
    file: file.path,
    range: rangeOfNode(file, nameNode),
    severity: 'warning',
    code: 'generated-name-not-propagated',
    message,
    ...(fix === undefined ? {} : { fixes: [fix] }),
  };
}

function namespaceFix(
  file: YamlFile,
  item: YAML.YAMLMap,
  nameNode: YAML.Node | undefined,
  namespace: string,
): LintFix | undefined {
  const namePair = findPair(item, 'name');
  const keyNode = namePair?.key as YAML.Node | undefined;
  const keyRange = keyNode?.range ?? undefined;
  if (item.flow === true || keyRange === undefined || findPair(item, 'namespace') !== undefined) {
    return undefined;
  }
  const indent = ' '.repeat(columnOf(file, keyRange[0]));
  const after = nameNode?.range?.[1] ?? keyRange[1];
  const edit = insertAfterLine(file, after, `${indent}namespace: ${namespace}`);
  return { title: `Set namespace: ${namespace} on the generator`, edits: [edit] };
}

function unfollowedField(
  context: LintContext,
  nameNode: YAML.Node | undefined,
  reference: NameReference,
): LintDiagnostic {
  const file = context.kustomization.file;
  const message =
    `${reference.object.kind} ${reference.object.name} names the generated ${reference.kind} ` +
    `${reference.name} in ${reference.path}, a field kustomize does not treat as a name ` +
    `reference, so the output keeps "${reference.name}" while the generated object gets a new ` +
    `name. Add a nameReference entry for this field in \`configurations:\`, ` +
    `or set options.disableNameSuffixHash on the generator and drop the prefix or suffix.`;
  return {
    file: file.path,
    range: rangeOfNode(file, nameNode),
    severity: 'warning',
    code: 'generated-name-unfollowed-field',
    message,
  };
}

/** Lists the ConfigMap and Secret names an object refers to. */
function nameReferences(object: SourceObject): NameReference[] {
  const references: NameReference[] = [];
  const visit = (value: unknown, parent: string, steps: readonly string[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item) => visit(item, `${parent}[]`, steps));
      return;
    }
    if (!isRecord(value)) {
      return;
    }
    const followedKind = followedParents[parent];
    for (const [key, child] of Object.entries(value)) {
      const path = [...steps, key].join('.');
      if (typeof child === 'string') {
        const followed = followedKind !== undefined && (key === 'name' || key === 'secretName');
        const guessed = unfollowedKey.exec(key);
        if (followed) {
          references.push({ object, kind: followedKind, name: child, path, followed: true });
        } else if (guessed !== null && object.kind !== 'ConfigMap' && object.kind !== 'Secret') {
          const kind = (guessed[1] ?? '').toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap';
          references.push({ object, kind, name: child, path, followed: false });
        }
        continue;
      }
      visit(child, key, [...steps, key]);
    }
  };
  visit(object.value, '', []);
  return references;
}
