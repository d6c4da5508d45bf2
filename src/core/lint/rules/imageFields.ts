import * as YAML from 'yaml';
import { entryNameMatches, kustomizeNamePattern } from '../../images/reference';
import { findPair, rangeOfNode, scalarString } from '../../yamlFile';
import type { LintContext } from '../context';
import { containerImages } from '../containerImages';
import type { ImageField } from '../imageFields';
import { unreachedImageFields } from '../imageFields';
import { listFirst } from '../suggest';
import type { LintDiagnostic } from '../types';

/**
 * Warns when an `images:` entry names an image that appears in a field the images transformer
 * does not update, such as the `image` of a custom resource or of an Argo Workflows `script`.
 * The render keeps the old image there, exactly as kustomize does.
 */
export function checkUnreachedImages(context: LintContext): LintDiagnostic[] {
  const list = findPair(context.kustomization.root, 'images')?.value;
  if (!YAML.isSeq(list) || context.isComponent) {
    return [];
  }
  const unreached = unreachedImageFields(context);
  if (unreached.length === 0) {
    return [];
  }

  const updated = containerImages(context.sources.objects).map((image) => image.image);
  const diagnostics: LintDiagnostic[] = [];
  for (const item of list.items) {
    const nameNode = findPair(item, 'name')?.value as YAML.Node | undefined;
    const name = scalarString(nameNode)?.trim();
    if (name === undefined || kustomizeNamePattern(name) === undefined) {
      continue;
    }
    const missed = unreached.filter((field) => entryNameMatches(name, field.image));
    if (missed.length > 0) {
      const alsoUpdates = updated.some((image) => entryNameMatches(name, image));
      diagnostics.push(unreachedDiagnostic(context, nameNode, name, missed, alsoUpdates));
    }
  }
  return diagnostics;
}

function unreachedDiagnostic(
  context: LintContext,
  node: YAML.Node | undefined,
  name: string,
  missed: readonly ImageField[],
  alsoUpdates: boolean,
): LintDiagnostic {
  const places = missed.map((field) => `${field.object.kind} ${field.object.name} ${field.path}`);
  const listed = listFirst(places);
  const effect = alsoUpdates
    ? 'so those objects keep the old image while the containers change'
    : 'so this entry changes nothing';
  const first = missed[0];
  const example =
    first === undefined ? '' : ` (for example path: ${first.path}, kind: ${first.object.kind})`;
  const file = context.kustomization.file;
  return {
    file: file.path,
    range: rangeOfNode(file, node),
    severity: 'warning',
    code: 'image-field-not-updated',
    message:
      `images entry "${name}" matches the image in ${listed}, which kustomize's images ` +
      `transformer does not update: it rewrites only \`containers\` and \`initContainers\` lists ` +
      `at any depth and the field specs listed under \`images\` in \`configurations:\` files, ` +
      `${effect}. Add an images field spec${example} to a configurations file.`,
  };
}
