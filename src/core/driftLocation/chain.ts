import type { WorkspaceModel } from '../workspace/model';
import type { KustomizationRoot } from '../workspace/roots';

const buildFields = ['resources', 'bases', 'components'];

/**
 * Lists the overlay and every local root it builds on, the overlay first and each base before
 * its own bases. Kustomize runs an overlay's transformers after those of its bases, so the
 * first root in this list that sets a field is the one whose value the render keeps.
 */
export function rootChain(model: WorkspaceModel, overlay: KustomizationRoot): KustomizationRoot[] {
  const chain: KustomizationRoot[] = [];
  const visited = new Set<string>();
  const visit = (root: KustomizationRoot) => {
    if (visited.has(root.dir)) {
      return;
    }
    visited.add(root.dir);
    chain.push(root);
    for (const child of childRoots(model, root)) {
      visit(child);
    }
  };
  visit(overlay);
  return chain;
}

/** Returns the roots that `root` names in `resources`, `bases` or `components`, in order. */
export function childRoots(model: WorkspaceModel, root: KustomizationRoot): KustomizationRoot[] {
  const references = root.kustomization?.references ?? [];
  const children: KustomizationRoot[] = [];
  for (const reference of references) {
    const builds = buildFields.includes(reference.field);
    const child = builds ? model.root(reference.absolutePath) : undefined;
    if (child !== undefined) {
      children.push(child);
    }
  }
  return children;
}

/** Tells whether `root` or a root below it reads `file` as a resource. */
export function reachesFile(model: WorkspaceModel, root: KustomizationRoot, file: string): boolean {
  return rootChain(model, root).some((member) => {
    const references = member.kustomization?.references ?? [];
    return references.some((reference) => reference.absolutePath === file);
  });
}
