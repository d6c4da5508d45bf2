import type { LintContext } from './context';
import type { SourceObject } from './objects';
import { isRecord, moveToNamespace, objectsBeforeOwnNamespace } from './objects';
import type { PatchEntry } from './patchEntries';
import { patchEntries } from './patchEntries';
import { selects } from './selector';

/**
 * Estimates where a root that was not built places its objects: the namespaces written in the
 * resource files, then the root's own JSON 6902 operations on `/metadata/namespace` and its
 * `namespace:` field, in kustomize's order (`patches`, then `namespace`, then
 * `patchesJson6902`). Strategic-merge patches and the patches of bases are not applied.
 */
export function estimateNamespaces(context: LintContext): SourceObject[] {
  const entries = patchEntries(context.kustomization, context.files);
  const written = objectsBeforeOwnNamespace(context.model, context.root, context.files).objects;
  const patched = applyNamespacePatches(written, entries, 'patches');

  const namespace = context.kustomization.namespace;
  const moved =
    namespace === undefined ? patched : patched.map((object) => moveToNamespace(object, namespace));
  return applyNamespacePatches(moved, entries, 'patchesJson6902');
}

function applyNamespacePatches(
  objects: readonly SourceObject[],
  entries: readonly PatchEntry[],
  field: PatchEntry['field'],
): SourceObject[] {
  let result = [...objects];
  for (const entry of entries.filter((candidate) => candidate.field === field)) {
    const target = entry.target;
    const change = entry.kind === 'json6902' ? namespaceChange(entry) : undefined;
    if (target === undefined || change === undefined) {
      continue;
    }
    result = result.map((object) =>
      selects(target, object) ? withNamespace(object, change.namespace) : object,
    );
  }
  return result;
}

/**
 * Returns the namespace a JSON 6902 patch leaves in `/metadata/namespace`: the value of its
 * last `add` or `replace` there, or `{ namespace: undefined }` after a `remove`. Returns
 * undefined when the patch does not touch the namespace.
 */
function namespaceChange(entry: PatchEntry): { namespace: string | undefined } | undefined {
  const operations: unknown = entry.body?.documents[0]?.toJS();
  if (!Array.isArray(operations)) {
    return undefined;
  }

  let change: { namespace: string | undefined } | undefined;
  for (const operation of operations as unknown[]) {
    if (!isRecord(operation) || operation['path'] !== '/metadata/namespace') {
      continue;
    }
    const value = operation['value'];
    if ((operation['op'] === 'add' || operation['op'] === 'replace') && typeof value === 'string') {
      change = { namespace: value };
    } else if (operation['op'] === 'remove') {
      change = { namespace: undefined };
    }
  }
  return change;
}

/** Keeps the old namespace in `previousNamespaces`, because kustomize targets match it too. */
function withNamespace(object: SourceObject, namespace: string | undefined): SourceObject {
  if (object.namespace === namespace) {
    return object;
  }
  const previous = object.namespace === undefined ? [] : [object.namespace];
  const previousNamespaces = [...(object.previousNamespaces ?? []), ...previous];
  return { ...object, namespace, previousNamespaces };
}
