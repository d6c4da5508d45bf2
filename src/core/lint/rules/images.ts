import * as YAML from 'yaml';
import {
  dockerTagPattern,
  entryNameMatches,
  kustomizeNamePattern,
  parseImageReference,
  splitKustomizeImage,
} from '../../images/reference';
import type { YamlFile } from '../../yamlFile';
import { findPair, rangeOfNode, scalarString } from '../../yamlFile';
import type { LintContext } from '../context';
import { containerImages } from '../containerImages';
import { unreachedImageFields } from '../imageFields';
import { isRecord } from '../objects';
import { patchEntries } from '../patchEntries';
import { closestMatch, didYouMean } from '../suggest';
import type { LintDiagnostic, LintFix } from '../types';

const imageFields = ['name', 'newName', 'newTag', 'digest', 'tagSuffix'];

/** Checks every `images:` entry of a kustomization. */
export function checkImages(context: LintContext): LintDiagnostic[] {
  const list = findPair(context.kustomization.root, 'images')?.value;
  if (!YAML.isSeq(list)) {
    return [];
  }

  const diagnostics: LintDiagnostic[] = [];
  const seen = new Map<string, number>();
  for (const item of list.items) {
    if (!YAML.isMap(item)) {
      continue;
    }
    diagnostics.push(...checkEntry(context, item));
    diagnostics.push(...duplicateEntry(context.kustomization.file, item, seen));
  }
  return diagnostics;
}

function checkEntry(context: LintContext, item: YAML.YAMLMap): LintDiagnostic[] {
  const file = context.kustomization.file;
  const nameNode = findPair(item, 'name')?.value as YAML.Node | undefined;
  const name = scalarString(nameNode);
  if (name === undefined) {
    return [
      diagnostic(
        file,
        item,
        'error',
        'image-without-name',
        'This images entry has no `name`, so it matches no image. Add the image name as written in the resources.',
      ),
    ];
  }

  return [
    ...unknownImageFields(file, item),
    ...whitespace(file, item),
    ...checkTag(file, item),
    ...checkName(context, nameNode, name.trim()),
    ...checkMatches(context, item, nameNode, name.trim()),
  ];
}

function diagnostic(
  file: YamlFile,
  node: YAML.Node | undefined,
  severity: LintDiagnostic['severity'],
  code: string,
  message: string,
  fixes?: LintFix[],
): LintDiagnostic {
  return {
    file: file.path,
    range: rangeOfNode(file, node),
    severity,
    code,
    message,
    ...(fixes === undefined ? {} : { fixes }),
  };
}

function replaceFix(
  file: YamlFile,
  node: YAML.Node | undefined,
  title: string,
  newText: string,
): LintFix[] {
  return [{ title, edits: [{ file: file.path, range: rangeOfNode(file, node), newText }] }];
}

function unknownImageFields(file: YamlFile, item: YAML.YAMLMap): LintDiagnostic[] {
  return item.items.flatMap((pair) => {
    const key = scalarString(pair.key);
    if (key === undefined || imageFields.includes(key)) {
      return [];
    }
    const suggestion = closestMatch(key, imageFields);
    const fixes =
      suggestion === undefined
        ? []
        : replaceFix(file, pair.key as YAML.Node, `Change to "${suggestion}"`, suggestion);
    const message = `Unknown field "${key}" in an images entry: kustomize rejects the file.${didYouMean(key, imageFields)}`;
    return [
      diagnostic(file, pair.key as YAML.Node, 'error', 'unknown-image-field', message, fixes),
    ];
  });
}

function whitespace(file: YamlFile, item: YAML.YAMLMap): LintDiagnostic[] {
  return item.items.flatMap((pair) => {
    const value = scalarString(pair.value);
    if (value === undefined || value === value.trim() || !YAML.isScalar(pair.value)) {
      return [];
    }
    const key = scalarString(pair.key) ?? '';
    const fixes = replaceFix(file, pair.value, 'Remove the spaces', JSON.stringify(value.trim()));
    const message = `images ${key} "${value}" has leading or trailing spaces, so kustomize never matches or writes the image you meant. Remove them.`;
    return [diagnostic(file, pair.value, 'error', 'image-whitespace', message, fixes)];
  });
}

function checkTag(file: YamlFile, item: YAML.YAMLMap): LintDiagnostic[] {
  const node = findPair(item, 'newTag')?.value;
  if (!YAML.isScalar(node) || node.value === null) {
    return [];
  }
  const source = file.text.slice(node.range?.[0] ?? 0, node.range?.[1] ?? 0).trim();
  if (typeof node.value !== 'string') {
    const message = `newTag ${source} is a ${typeof node.value} in YAML, not a string, and kustomize fails with "cannot unmarshal ${typeof node.value} into Go struct field Image.images.newTag of type string". Quote it.`;
    return [
      diagnostic(
        file,
        node,
        'error',
        'image-tag-not-string',
        message,
        replaceFix(file, node, `Quote as "${source}"`, `"${source}"`),
      ),
    ];
  }

  const tag = node.value.trim();
  if (/<[^>]*>|\$\{[^}]*\}|\{\{.*\}\}/.test(tag)) {
    return [
      diagnostic(
        file,
        node,
        'warning',
        'image-tag-placeholder',
        `newTag "${tag}" is a placeholder that was never filled in; the cluster would pull a tag that does not exist. Set the real tag.`,
      ),
    ];
  }
  if (tag === 'latest') {
    return [
      diagnostic(
        file,
        node,
        'warning',
        'image-tag-latest',
        'newTag "latest" moves without a commit, so Git no longer says what runs and a sync can change nothing while the image changes. Pin a version or a digest.',
      ),
    ];
  }
  if (tag !== '' && !dockerTagPattern.test(tag)) {
    return [
      diagnostic(
        file,
        node,
        'error',
        'invalid-image-tag',
        `newTag "${tag}" is not a valid tag: use letters, digits, "_", "." and "-", at most 128 characters, not starting with "." or "-".`,
      ),
    ];
  }
  return [];
}

function checkName(
  context: LintContext,
  node: YAML.Node | undefined,
  name: string,
): LintDiagnostic[] {
  const file = context.kustomization.file;
  if (kustomizeNamePattern(name) === undefined) {
    return [
      diagnostic(
        file,
        node,
        'error',
        'image-name-invalid-regex',
        `images name "${name}" is not a valid regular expression; kustomize splices the name into one and v5.5.0 crashes with a nil pointer panic. Escape or remove the special characters.`,
      ),
    ];
  }
  if (splitKustomizeImage(name).tag !== '') {
    return [
      diagnostic(
        file,
        node,
        'information',
        'image-name-with-tag',
        `images name "${name}" includes a tag, so it matches only images written with exactly that tag.`,
      ),
    ];
  }
  if (/[*+?()|[\]\\^$]/.test(name)) {
    return [
      diagnostic(
        file,
        node,
        'information',
        'image-name-regex',
        `images name "${name}" is used as a regular expression by kustomize, not as a literal name.`,
      ),
    ];
  }
  return [];
}

/**
 * Images an entry could meet: container images of the resources, images that patches of this
 * root or of the roots it includes write (patches run before the image transformer), and names
 * that `images:` entries of included roots set.
 */
function candidateImages(context: LintContext): string[] {
  const images = containerImages(context.sources.objects).map((image) => image.image);
  const kustomizations = [context.kustomization];
  for (const dir of context.root.rootReferences) {
    const kustomization = context.model.root(dir)?.kustomization;
    for (const entry of kustomization?.images ?? []) {
      images.push(entry.newName ?? entry.name ?? '');
    }
    if (kustomization !== undefined) {
      kustomizations.push(kustomization);
    }
  }
  for (const kustomization of kustomizations) {
    for (const entry of patchEntries(kustomization, context.files)) {
      entry.body?.documents.forEach((document) => collectImageValues(document.toJSON(), images));
    }
  }
  return [...new Set(images.filter((image) => image !== ''))];
}

function collectImageValues(value: unknown, images: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item) => collectImageValues(item, images));
    return;
  }
  if (!isRecord(value)) {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (
      typeof child === 'string' &&
      (key === 'image' || key === 'value') &&
      /^[\w.-]+(:\d+)?\/[\w./-]+/.test(child)
    ) {
      images.push(child.trim());
    } else {
      collectImageValues(child, images);
    }
  }
}

function checkMatches(
  context: LintContext,
  item: YAML.YAMLMap,
  node: YAML.Node | undefined,
  name: string,
): LintDiagnostic[] {
  if (
    !context.sources.complete ||
    context.isComponent ||
    kustomizeNamePattern(name) === undefined
  ) {
    return [];
  }
  const file = context.kustomization.file;
  const candidates = candidateImages(context);
  const matched = candidates.filter((image) => entryNameMatches(name, image));
  const onlyInOtherFields = unreachedImageFields(context).some((field) =>
    entryNameMatches(name, field.image),
  );
  if (matched.length === 0 && onlyInOtherFields) {
    // image-field-not-updated explains this entry.
    return [];
  }
  if (matched.length === 0) {
    const names = [...new Set(candidates.map((image) => splitKustomizeImage(image).name))];
    const known =
      names.length === 0 ? 'no container images' : `the images ${names.slice(0, 5).join(', ')}`;
    const message = `images name "${name}" matches no container image in the resources of this kustomization (found ${known}), so this entry changes nothing. Names are compared with the whole image name, registry included.${didYouMean(name, names)}`;
    return [diagnostic(file, node, 'warning', 'image-matches-nothing', message)];
  }
  return [
    ...lookAlikes(context, node, name, matched),
    ...untagged(context, item, node, name, matched),
  ];
}

function lookAlikes(
  context: LintContext,
  node: YAML.Node | undefined,
  name: string,
  matched: readonly string[],
): LintDiagnostic[] {
  const literal = splitKustomizeImage(name).name;
  const others = matched.filter(
    (image) => splitKustomizeImage(image).name !== literal && !/[*+?()|[\]\\^$]/.test(name),
  );
  if (others.length === 0) {
    return [];
  }
  const message = `images name "${name}" also matches ${others.join(', ')}: kustomize reads each "." as any character. Escape the dots ("\\.") if only ${name} is meant.`;
  return [
    diagnostic(context.kustomization.file, node, 'warning', 'image-name-dot-wildcard', message),
  ];
}

function untagged(
  context: LintContext,
  item: YAML.YAMLMap,
  node: YAML.Node | undefined,
  name: string,
  matched: readonly string[],
): LintDiagnostic[] {
  const setsTag = ['newTag', 'digest', 'tagSuffix'].some(
    (field) => findPair(item, field) !== undefined,
  );
  const withoutTag = matched.filter(
    (image) =>
      parseImageReference(image).tag === undefined &&
      parseImageReference(image).digest === undefined,
  );
  if (setsTag || withoutTag.length === 0) {
    return [];
  }
  const message = `images entry "${name}" sets no newTag or digest, and ${withoutTag[0] ?? ''} has no tag, so the cluster pulls :latest. Add newTag or digest.`;
  return [diagnostic(context.kustomization.file, node, 'warning', 'image-without-tag', message)];
}

function duplicateEntry(
  file: YamlFile,
  item: YAML.YAMLMap,
  seen: Map<string, number>,
): LintDiagnostic[] {
  const nameNode = findPair(item, 'name')?.value as YAML.Node | undefined;
  const name = scalarString(nameNode)?.trim();
  if (name === undefined) {
    return [];
  }
  const line = rangeOfNode(file, nameNode).startLine + 1;
  const earlier = seen.get(name);
  seen.set(name, earlier ?? line);
  if (earlier === undefined) {
    return [];
  }
  const message = `Second images entry for "${name}" (the first is at line ${earlier}); kustomize applies both in order, so the later values win where they overlap. Keep one entry.`;
  return [diagnostic(file, nameNode, 'warning', 'duplicate-image-entry', message)];
}
