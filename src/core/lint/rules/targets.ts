import * as path from 'node:path';
import * as YAML from 'yaml';
import { findPair, rangeOfNode, scalarString } from '../../yamlFile';
import type { LintContext } from '../context';
import type { SourceObject } from '../objects';
import { isRecord } from '../objects';
import type { PatchEntry } from '../patchEntries';
import { patchEntries } from '../patchEntries';
import type { PatchTarget } from '../selector';
import { describeObject, looksLikeGlob, selects } from '../selector';
import type { LintDiagnostic } from '../types';

const patternFields = ['group', 'version', 'kind', 'name', 'namespace'] as const;

/**
 * Checks patch targets: patterns that look like shell globs, targets that select no object,
 * and strategic merge patches that name a container the object does not have.
 */
export function checkPatchTargets(context: LintContext): LintDiagnostic[] {
  const diagnostics: LintDiagnostic[] = [];
  for (const entry of patchEntries(context.kustomization, context.files)) {
    diagnostics.push(...globPatterns(context, entry));
    diagnostics.push(...emptySelection(context, entry));
    if (entry.kind === 'strategic-merge') {
      diagnostics.push(...unknownContainers(context, entry));
    }
  }
  return diagnostics;
}

function globPatterns(context: LintContext, entry: PatchEntry): LintDiagnostic[] {
  const diagnostics: LintDiagnostic[] = [];
  for (const field of patternFields) {
    const node = findPair(entry.targetNode, field)?.value as YAML.Node | undefined;
    const pattern = scalarString(node);
    if (pattern === undefined || !looksLikeGlob(pattern)) {
      continue;
    }
    const regex = pattern.replace(/(^|[^.\\\])])\*/g, '$1.*');
    const file = context.kustomization.file;
    diagnostics.push({
      file: file.path,
      range: rangeOfNode(file, node),
      severity: 'warning',
      code: 'target-glob-pattern',
      message: `Target ${field} "${pattern}" looks like a glob, but kustomize reads it as an anchored regular expression, where * repeats the previous character. Write "${regex}" to match any text.`,
      fixes: [
        {
          title: `Change to "${regex}"`,
          edits: [{ file: file.path, range: rangeOfNode(file, node), newText: regex }],
        },
      ],
    });
  }
  return diagnostics;
}

/** Objects a patch entry applies to: by its target, or for a strategic merge patch by its own kind and name. */
export function selectedObjects(
  context: LintContext,
  entry: PatchEntry,
): SourceObject[] | undefined {
  const target = entry.target ?? ownTarget(entry);
  if (target === undefined) {
    return undefined;
  }
  const variants = nameVariants(context);
  return context.sources.objects.filter((object) =>
    variants.some((variant) => selects(target, { ...object, name: variant(object.name) })),
  );
}

function ownTarget(entry: PatchEntry): PatchTarget | undefined {
  const contents =
    entry.kind === 'strategic-merge' ? entry.body?.documents[0]?.contents : undefined;
  const value = YAML.isMap(contents) ? (contents.toJSON() as unknown) : undefined;
  if (!isRecord(value) || typeof value['kind'] !== 'string' || !isRecord(value['metadata'])) {
    return undefined;
  }
  const name = value['metadata']['name'];
  return typeof name === 'string'
    ? { kind: escapeRegExp(value['kind']), name: escapeRegExp(name) }
    : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Name rewrites per context, so one lint run computes them once per root, not once per patch. */
const variantsByContext = new WeakMap<LintContext, NameVariant[]>();

type NameVariant = (name: string) => string;

/** Targets match an object's original name or its name after a base added a prefix or suffix. */
function nameVariants(context: LintContext): NameVariant[] {
  const cached = variantsByContext.get(context);
  if (cached !== undefined) {
    return cached;
  }

  const variants: NameVariant[] = [(name) => name];
  for (const file of context.model.inputsOf(context.root.dir)) {
    const root = context.model.root(path.dirname(file));
    if (root === undefined || root.filePath !== file) {
      continue;
    }
    const prefix = scalarString(findPair(root.kustomization?.root, 'namePrefix')?.value) ?? '';
    const suffix = scalarString(findPair(root.kustomization?.root, 'nameSuffix')?.value) ?? '';
    if (prefix !== '' || suffix !== '') {
      variants.push((name) => `${prefix}${name}${suffix}`);
    }
  }
  variantsByContext.set(context, variants);
  return variants;
}

function emptySelection(context: LintContext, entry: PatchEntry): LintDiagnostic[] {
  if (!context.sources.complete || context.isComponent) {
    return [];
  }
  const selected = selectedObjects(context, entry);
  if (selected === undefined || selected.length > 0) {
    return [];
  }
  const file = context.kustomization.file;
  const node = entry.targetNode ?? entry.node;
  const what = entry.targetNode === undefined ? 'The object this patch names' : 'This target';
  return [
    {
      file: file.path,
      range: rangeOfNode(file, node),
      severity: 'warning',
      code: 'target-selects-nothing',
      message: `${what} matches none of the ${context.sources.objects.length} objects this kustomization builds from, so the patch changes nothing (a strategic merge patch without a match fails the build). Check kind, name and namespace.`,
    },
  ];
}

const containerListPaths = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  ['spec'],
];

function unknownContainers(context: LintContext, entry: PatchEntry): LintDiagnostic[] {
  const body = entry.body;
  const targets = selectedObjects(context, entry);
  const patch = body?.documents[0]?.contents;
  if (body === undefined || targets === undefined || targets.length === 0 || !YAML.isMap(patch)) {
    return [];
  }

  const diagnostics: LintDiagnostic[] = [];
  for (const podPath of containerListPaths) {
    for (const field of ['containers', 'initContainers']) {
      const list = nodeAtPath(patch, [...podPath, field]);
      if (!YAML.isSeq(list)) {
        continue;
      }
      for (const item of list.items) {
        const nameNode = findPair(item, 'name')?.value as YAML.Node | undefined;
        const name = scalarString(nameNode);
        const target = targets[0];
        if (name === undefined || target === undefined) {
          continue;
        }
        const existing = containerNames(target.value, [...podPath, field]);
        if (existing !== undefined && !existing.includes(name)) {
          diagnostics.push({
            file: body.file,
            range: body.rangeOf(nameNode),
            severity: 'warning',
            code: 'patch-unknown-container',
            message: `${describeObject(target)} has no ${field} entry named "${name}" (it has: ${existing.join(', ') || 'none'}). The strategic merge patch appends a new container instead of changing one. Check the name.`,
          });
        }
      }
    }
  }
  return diagnostics;
}

function nodeAtPath(node: unknown, steps: readonly string[]): unknown {
  let current = node;
  for (const step of steps) {
    current = findPair(current, step)?.value;
  }
  return current;
}

function containerNames(value: unknown, steps: readonly string[]): string[] | undefined {
  let current = value;
  for (const step of steps) {
    current = isRecord(current) ? current[step] : undefined;
  }
  if (!Array.isArray(current)) {
    return undefined;
  }
  return current.flatMap((container) =>
    isRecord(container) && typeof container['name'] === 'string' ? [container['name']] : [],
  );
}
