import { findPair } from '../../yamlFile';
import type { LintContext } from '../context';
import { labelsWithoutSelectorsFix } from '../fixes/deprecated';
import { keyRange } from '../fixes/yamlEdits';
import type { SourceObject } from '../objects';
import { isRecord } from '../objects';
import { listFirst } from '../suggest';
import type { LintDiagnostic } from '../types';

/** Workload kinds whose `spec.selector` commonLabels writes to and the API server keeps immutable. */
const immutableSelectorKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/**
 * Warns that `commonLabels` also adds its pairs to selectors. A selector of an existing Deployment
 * is immutable, so adding or changing such a label makes the apply or the Argo CD sync fail.
 */
export function checkSelectorLabels(context: LintContext): LintDiagnostic[] {
  const root = context.kustomization.root;
  const pair = findPair(root, 'commonLabels');
  if (root === undefined || pair === undefined) {
    return [];
  }
  const objects = context.sources.objects;
  const workloads = objects.filter((object) => immutableSelectorKinds.has(object.kind));
  if (workloads.length === 0) {
    return [];
  }

  const services = objects.filter(
    (object) => object.kind === 'Service' && hasServiceSelector(object),
  );
  const touched = [...workloads, ...services].map((object) => `${object.kind} ${object.name}`);
  const listed = listFirst(touched);
  const fix = labelsWithoutSelectorsFix(context.kustomization.file, root);
  return [
    {
      file: context.kustomization.file.path,
      range: keyRange(context.kustomization.file, pair),
      severity: 'warning',
      code: 'common-labels-in-selectors',
      message:
        `commonLabels also writes its labels into the selectors of ${listed}. The selector ` +
        `of an existing ${workloads[0]?.kind ?? 'Deployment'} is immutable, so adding or changing ` +
        `one of these labels fails the apply with "field is immutable". Use \`labels:\` without ` +
        `includeSelectors (add includeTemplates: true to label pods).`,
      ...(fix === undefined ? {} : { fixes: [fix] }),
    },
  ];
}

function hasServiceSelector(object: SourceObject): boolean {
  const spec = object.value['spec'];
  return isRecord(spec) && isRecord(spec['selector']);
}
