import * as path from 'node:path';

/** An environment: an overlay, named by its folder (`01-dev`). */
export interface Environment {
  readonly name: string;
  readonly dir: string;
  readonly kustomizationFile: string;
}

const naturalOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Sorts environments into promotion order: the names listed in `order` first, in that order,
 * then the rest in natural order of their names (`2-qa` before `10-prod`), then of their paths.
 */
export function sortEnvironments(
  environments: readonly Environment[],
  order: readonly string[] = [],
): Environment[] {
  const rank = (environment: Environment): number => {
    const index = order.indexOf(environment.name);
    return index === -1 ? order.length : index;
  };
  return [...environments].sort((a, b) => {
    return (
      rank(a) - rank(b) ||
      naturalOrder.compare(a.name, b.name) ||
      naturalOrder.compare(a.dir, b.dir)
    );
  });
}

export function environmentOf(dir: string, kustomizationFile: string): Environment {
  return { name: path.basename(dir), dir, kustomizationFile };
}

/** Returns the environment after `current` in promotion order, or undefined for the last one. */
export function nextEnvironment(
  ordered: readonly Environment[],
  current: Environment,
): Environment | undefined {
  const index = ordered.findIndex((environment) => environment.dir === current.dir);
  return index === -1 ? undefined : ordered[index + 1];
}
