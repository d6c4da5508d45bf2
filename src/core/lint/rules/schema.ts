import * as YAML from 'yaml';
import { findPair, rangeOfNode, scalarString } from '../../yamlFile';
import type { LintContext } from '../context';
import { didYouMean, closestMatch } from '../suggest';
import type { LintDiagnostic, LintFix } from '../types';

/** Top-level fields of a Kustomization in kustomize v5.5.0 (`api/types/kustomization.go`). */
export const kustomizationFields: readonly string[] = [
  'apiVersion',
  'kind',
  'metadata',
  'openapi',
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'patchesStrategicMerge',
  'patchesJson6902',
  'patches',
  'images',
  'imageTags',
  'replacements',
  'replicas',
  'vars',
  'sortOptions',
  'resources',
  'components',
  'crds',
  'bases',
  'configMapGenerator',
  'secretGenerator',
  'helmGlobals',
  'helmCharts',
  'helmChartInflationGenerator',
  'generatorOptions',
  'configurations',
  'generators',
  'transformers',
  'validators',
  'buildMetadata',
];

const apiVersions = {
  Kustomization: 'kustomize.config.k8s.io/v1beta1',
  Component: 'kustomize.config.k8s.io/v1alpha1',
} as const;

/** Checks the kind, the apiVersion and the field names of a kustomization file. */
export function checkSchema(context: LintContext): LintDiagnostic[] {
  const root = context.kustomization.root;
  if (root === undefined) {
    return [];
  }
  return [...checkKind(context, root), ...checkFieldNames(context, root)];
}

function checkKind(context: LintContext, root: YAML.YAMLMap): LintDiagnostic[] {
  const file = context.kustomization.file;
  const kindNode = findPair(root, 'kind')?.value as YAML.Node | undefined;
  const kind = scalarString(kindNode);
  if (kind !== undefined && kind !== 'Kustomization' && kind !== 'Component') {
    const hint = didYouMean(kind, ['Kustomization', 'Component']);
    return [
      {
        file: file.path,
        range: rangeOfNode(file, kindNode),
        severity: 'error',
        code: 'invalid-kind',
        message: `kind "${kind}" is invalid: kustomize accepts only Kustomization or Component.${hint}`,
        fixes: replacementFixes(
          file.path,
          rangeOfNode(file, kindNode),
          closestMatch(kind, ['Kustomization', 'Component']),
        ),
      },
    ];
  }

  const expected = apiVersions[kind === 'Component' ? 'Component' : 'Kustomization'];
  const apiVersionNode = findPair(root, 'apiVersion')?.value as YAML.Node | undefined;
  const apiVersion = scalarString(apiVersionNode);
  if (apiVersion === undefined || apiVersion === expected) {
    return [];
  }
  const range = rangeOfNode(file, apiVersionNode);
  return [
    {
      file: file.path,
      range,
      severity: 'error',
      code: 'invalid-api-version',
      message: `apiVersion "${apiVersion}" is invalid for a ${kind ?? 'Kustomization'}: use ${expected}.`,
      fixes: replacementFixes(file.path, range, expected),
    },
  ];
}

function checkFieldNames(context: LintContext, root: YAML.YAMLMap): LintDiagnostic[] {
  const file = context.kustomization.file;
  const what = context.isComponent ? 'Component' : 'Kustomization';
  const diagnostics: LintDiagnostic[] = [];
  for (const pair of root.items) {
    const name = scalarString(pair.key);
    if (name === undefined || kustomizationFields.includes(name)) {
      continue;
    }
    const range = rangeOfNode(file, pair.key as YAML.Node);
    const suggestion = closestMatch(name, kustomizationFields);
    const hint = didYouMean(name, kustomizationFields);
    diagnostics.push({
      file: file.path,
      range,
      severity: 'error',
      code: 'unknown-field',
      message: `Unknown field "${name}" in a ${what}: kustomize rejects the file (json: unknown field "${name}").${hint}`,
      fixes: replacementFixes(file.path, range, suggestion),
    });
  }
  return diagnostics;
}

/** A one-edit fix that writes `replacement` over `range`, or none when there is no replacement. */
export function replacementFixes(
  file: string,
  range: LintDiagnostic['range'],
  replacement: string | undefined,
): LintFix[] {
  if (replacement === undefined) {
    return [];
  }
  return [{ title: `Change to "${replacement}"`, edits: [{ file, range, newText: replacement }] }];
}
