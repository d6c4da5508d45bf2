import * as path from 'node:path';
import * as YAML from 'yaml';
import { entryNameMatches, splitKustomizeImage } from '../../images/reference';
import type { SourceRange } from '../../yamlFile';
import { findPair, rangeOfNode } from '../../yamlFile';
import { containerImages } from '../containerImages';
import { lineRange } from '../context';
import {
  columnOf,
  insertAfterLine,
  isBlockCollection,
  replaceOffsets,
  valueEnd,
} from '../fixes/yamlEdits';
import type { Linter, RootLint } from '../linter';
import type { SourceObject } from '../objects';
import { isRecord } from '../objects';
import type { LintDiagnostic, LintFix, TextEdit } from '../types';

/** The project name in an OpenShift internal registry address: the first path step after the host. */
const internalRegistry = [
  /^image-registry\.openshift-image-registry\.svc(?::\d+)?\/([^/]+)\//,
  /^default-route-openshift-image-registry\.apps\.[^/]+\/([^/]+)\//,
];

const pullerRole = 'system:image-puller';

/**
 * Namespaces whose images every service account may pull: OpenShift grants the group
 * system:serviceaccounts image-puller on the `openshift` namespace, which contains the shared image streams.
 */
const openToAllNamespaces = new Set(['openshift']);

/**
 * Checks that a workload pulling from the internal registry of another namespace is allowed to:
 * the source namespace needs a RoleBinding to the ClusterRole system:image-puller for a
 * ServiceAccount (or the group system:serviceaccounts:NAMESPACE) of the workload's namespace.
 * The binding is looked for in everything the workspace renders.
 */
export function checkImagePulls(linter: Linter, results: readonly RootLint[]): LintDiagnostic[] {
  const grants = pullGrants(results.flatMap((result) => result.objects));
  const diagnostics: LintDiagnostic[] = [];
  for (const result of results) {
    for (const image of containerImages(result.objects)) {
      const source = sourceNamespace(image.image);
      const target = image.object.namespace;
      if (
        source === undefined ||
        target === undefined ||
        source === target ||
        openToAllNamespaces.has(source)
      ) {
        continue;
      }
      if (isGranted(grants, source, target)) {
        continue;
      }
      diagnostics.push(missingGrant(linter, result.dir, image.image, source, target));
    }
  }
  return diagnostics;
}

export function sourceNamespace(image: string): string | undefined {
  for (const pattern of internalRegistry) {
    const match = pattern.exec(image);
    if (match !== null) {
      return match[1];
    }
  }
  return undefined;
}

/** Pairs `source|target` of namespaces: target's service accounts may pull from source ('*' is any). */
function pullGrants(objects: readonly SourceObject[]): Set<string> {
  const grants = new Set<string>();
  for (const object of objects) {
    const roleRef = object.value['roleRef'];
    const subjects = object.value['subjects'];
    const isBinding = object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding';
    if (
      !isBinding ||
      !isRecord(roleRef) ||
      roleRef['kind'] !== 'ClusterRole' ||
      roleRef['name'] !== pullerRole ||
      !Array.isArray(subjects)
    ) {
      continue;
    }
    const source = object.kind === 'ClusterRoleBinding' ? '*' : (object.namespace ?? 'default');
    for (const subject of subjects) {
      const target = subjectNamespace(subject, object.namespace);
      if (target !== undefined) {
        grants.add(`${source}|${target}`);
      }
    }
  }
  return grants;
}

function subjectNamespace(
  subject: unknown,
  bindingNamespace: string | undefined,
): string | undefined {
  if (!isRecord(subject)) {
    return undefined;
  }
  const name = String(subject['name'] ?? '');
  if (subject['kind'] === 'ServiceAccount') {
    return typeof subject['namespace'] === 'string' ? subject['namespace'] : bindingNamespace;
  }
  if (subject['kind'] === 'Group' && name === 'system:serviceaccounts') {
    return '*';
  }
  if (subject['kind'] === 'Group' && name.startsWith('system:serviceaccounts:')) {
    return name.slice('system:serviceaccounts:'.length);
  }
  return undefined;
}

function isGranted(grants: ReadonlySet<string>, source: string, target: string): boolean {
  return [`${source}|${target}`, `${source}|*`, `*|${target}`, '*|*'].some((key) =>
    grants.has(key),
  );
}

function missingGrant(
  linter: Linter,
  dir: string,
  image: string,
  source: string,
  target: string,
): LintDiagnostic {
  const root = linter.model.root(dir);
  const kustomization = root?.kustomization;
  const entry = kustomization?.images.find(
    (candidate) => candidate.name !== undefined && entryNameMatches(candidate.name.trim(), image),
  );
  const written = entry === undefined ? imageInSources(linter, dir, image) : undefined;
  const file = written?.file ?? root?.filePath ?? dir;
  const range =
    entry?.fieldRanges.get('name') ?? written?.range ?? lineRange(0, kustomization?.file.text);
  const fix =
    kustomization === undefined ? undefined : createBindingFix(linter, dir, source, target);
  const message =
    `${splitKustomizeImage(image).name} is pulled by a workload in namespace ${target} from the internal registry of namespace ${source}, ` +
    `but nothing this workspace renders grants ${target} the ClusterRole ${pullerRole} in ${source}, so the pull fails with ImagePullBackOff. ` +
    `Add a RoleBinding in ${source} for the service accounts of ${target}.`;
  return {
    file,
    range,
    severity: 'warning',
    code: 'image-pull-not-granted',
    message,
    ...(fix === undefined ? {} : { fixes: [fix] }),
  };
}

/** Finds where a resource file of the root writes the image, ignoring the tag. */
function imageInSources(
  linter: Linter,
  dir: string,
  image: string,
): { file: string; range: SourceRange } | undefined {
  const root = linter.model.root(dir);
  const context = root === undefined ? undefined : linter.contextOf(root);
  const name = splitKustomizeImage(image).name;
  const found = containerImages(context?.sources.objects ?? []).find(
    (candidate) =>
      candidate.node !== undefined && splitKustomizeImage(candidate.image).name === name,
  );
  const yamlFile = found?.object.yamlFile;
  return found === undefined || yamlFile === undefined
    ? undefined
    : { file: found.object.file, range: rangeOfNode(yamlFile, found.node) };
}

/**
 * Creates the RoleBinding in a new file of the root and lists it in `resources`. No fix is offered
 * when the kustomization sets `namespace:`, because kustomize would move the binding out of the
 * registry's namespace.
 */
function createBindingFix(
  linter: Linter,
  dir: string,
  source: string,
  target: string,
): LintFix | undefined {
  const kustomization = linter.model.root(dir)?.kustomization;
  if (
    kustomization === undefined ||
    kustomization.namespace !== undefined ||
    kustomization.root === undefined
  ) {
    return undefined;
  }
  const fileName = `image-puller-${target}.yaml`;
  const newFile = path.join(dir, fileName);
  const edit = resourcesEntryEdit(kustomization.file, kustomization.root, fileName);
  if (edit === undefined) {
    return undefined;
  }
  return {
    title: `Create ${fileName} granting ${target} image pulls from ${source}`,
    edits: [edit],
    newFiles: [{ file: newFile, text: roleBindingText(source, target) }],
  };
}

function resourcesEntryEdit(
  file: Parameters<typeof insertAfterLine>[0],
  root: YAML.YAMLMap,
  entry: string,
): TextEdit | undefined {
  const resources = findPair(root, 'resources')?.value as YAML.Node | null | undefined;
  if (resources === undefined || resources === null) {
    const end = file.text.length;
    const prefix = file.text.endsWith('\n') || end === 0 ? '' : '\n';
    return replaceOffsets(file, end, end, `${prefix}resources:\n- ${entry}\n`);
  }
  if (!isBlockCollection(resources) || !YAML.isSeq(resources)) {
    return undefined;
  }
  const dash = ' '.repeat(columnOf(file, resources.range?.[0] ?? 0));
  return insertAfterLine(file, valueEnd(file, resources), `${dash}- ${entry}`);
}

function roleBindingText(source: string, target: string): string {
  return [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: RoleBinding',
    'metadata:',
    `  name: image-puller-${target}`,
    `  namespace: ${source}`,
    'roleRef:',
    '  apiGroup: rbac.authorization.k8s.io',
    '  kind: ClusterRole',
    `  name: ${pullerRole}`,
    'subjects:',
    '- apiGroup: rbac.authorization.k8s.io',
    '  kind: Group',
    `  name: system:serviceaccounts:${target}`,
    '',
  ].join('\n');
}
