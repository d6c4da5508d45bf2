import { repoUrlKey } from '../argo/repoUrl';
import type { LiveApplication } from './application';

/**
 * What identifies a workspace Application: its name, its namespace when the manifest sets one,
 * and its sources. `ResolvedApplication` from the workspace catalog fits this shape.
 */
export interface ApplicationIdentity {
  readonly name: string;
  readonly namespace?: string | undefined;
  readonly sources?: readonly {
    readonly repoURL?: string | undefined;
    readonly path?: string | undefined;
  }[];
}

/** How a workspace Application was matched to a cluster one. */
export type MatchReason = 'name' | 'source';

export interface ApplicationMatch {
  readonly live: LiveApplication;
  readonly reason: MatchReason;
}

/**
 * Finds the cluster Application that corresponds to a workspace one: the same name and namespace
 * first (any namespace when the manifest names none), else the same source repository and path.
 * A source match is used only when exactly one cluster Application has that repository and path.
 */
export function matchApplication(
  identity: ApplicationIdentity,
  live: readonly LiveApplication[],
): ApplicationMatch | undefined {
  const byName = live.filter((candidate) => sameName(identity, candidate));
  if (byName.length === 1 && byName[0] !== undefined) {
    return { live: byName[0], reason: 'name' };
  }

  const bySource = live.filter((candidate) => sameSource(identity, candidate));
  if (bySource.length === 1 && bySource[0] !== undefined) {
    return { live: bySource[0], reason: 'source' };
  }
  return undefined;
}

/**
 * Tells whether Argo CD manages a workspace Application: an Application that matches it exists
 * on the cluster. The local sync agent must neither apply nor prune the objects of such an
 * Application, because Argo CD would fight over them.
 */
export function isManagedByArgoCd(
  identity: ApplicationIdentity,
  live: readonly LiveApplication[],
): boolean {
  return matchApplication(identity, live) !== undefined;
}

function sameName(identity: ApplicationIdentity, candidate: LiveApplication): boolean {
  if (identity.name !== candidate.name) {
    return false;
  }
  return identity.namespace === undefined || identity.namespace === candidate.namespace;
}

function sameSource(identity: ApplicationIdentity, candidate: LiveApplication): boolean {
  const wanted = (identity.sources ?? []).map((source) => sourceKey(source.repoURL, source.path));
  return candidate.sources.some((source) => {
    const key = sourceKey(source.repoURL, source.path);
    return key !== undefined && wanted.includes(key);
  });
}

/** Returns `repository-key//path` with the path's `./` and slashes at either end removed. */
function sourceKey(repoURL: string | undefined, path: string | undefined): string | undefined {
  const repository = repoURL === undefined ? undefined : repoUrlKey(repoURL);
  if (repository === undefined || path === undefined) {
    return undefined;
  }
  const cleanPath = path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
  return `${repository}//${cleanPath}`;
}
