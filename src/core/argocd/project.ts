import type { JsonObject } from '../drift/types';
import { childObject, childString, isJsonObject } from '../drift/types';
import type { LiveApplication } from './application';
import { permittedByGlobs } from './glob';
import type { SyncWindow } from './syncWindows';
import { readSyncWindows, syncWindowBlocker } from './syncWindows';

/** The parts of an AppProject that decide what its Applications may do. */
export interface AppProjectPolicy {
  readonly name: string;
  readonly sourceRepos: readonly string[];
  readonly destinations: readonly ProjectDestination[];
  readonly syncWindows: readonly SyncWindow[];
}

/** One entry of `spec.destinations`; each field is a glob, `!` in front denies. */
export interface ProjectDestination {
  readonly server: string | undefined;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
}

export function readAppProject(object: JsonObject): AppProjectPolicy {
  const spec = childObject(object, 'spec');
  const repos = spec?.['sourceRepos'];
  const destinations = spec?.['destinations'];
  return {
    name: childString(childObject(object, 'metadata'), 'name') ?? '',
    sourceRepos: Array.isArray(repos)
      ? repos.filter((repo): repo is string => typeof repo === 'string')
      : [],
    destinations: Array.isArray(destinations)
      ? destinations.filter(isJsonObject).map((entry) => ({
          server: childString(entry, 'server'),
          name: childString(entry, 'name'),
          namespace: childString(entry, 'namespace'),
        }))
      : [],
    syncWindows: readSyncWindows(spec),
  };
}

/**
 * Returns the reasons the AppProject forbids a sync of the Application now: a source repository
 * or the destination that the project does not permit, or a sync window. Empty when allowed.
 */
export function projectViolations(
  project: AppProjectPolicy,
  application: LiveApplication,
  now: Date,
  manual = true,
): string[] {
  const reasons: string[] = [];
  for (const source of application.sources) {
    const repoURL = source.repoURL ?? '';
    if (!permittedByGlobs(project.sourceRepos, repoURL)) {
      reasons.push(
        `source repository ${repoURL} is not permitted by AppProject ${project.name} (sourceRepos)`,
      );
    }
  }

  if (!destinationPermitted(project.destinations, application.destination)) {
    const where = describeDestination(application.destination);
    reasons.push(
      `destination ${where} is not permitted by AppProject ${project.name} (destinations)`,
    );
  }

  const target = {
    name: application.name,
    namespace: application.destination.namespace,
    server: application.destination.server,
    clusterName: application.destination.name,
  };
  const windowReason = syncWindowBlocker(project.syncWindows, target, now, manual);
  if (windowReason !== undefined) {
    reasons.push(windowReason);
  }
  return reasons;
}

/**
 * A destination is permitted when one plain entry matches both its cluster (by server URL or by
 * name) and its namespace, and no entry with `!` in front matches it.
 */
function destinationPermitted(
  entries: readonly ProjectDestination[],
  destination: LiveApplication['destination'],
): boolean {
  const matches = (entry: ProjectDestination) =>
    clusterMatches(entry, destination) && namespaceMatches(entry, destination);
  const denied = entries.filter(isDenyEntry).some((entry) => matches(withoutNegation(entry)));
  if (denied) {
    return false;
  }
  return entries.filter((entry) => !isDenyEntry(entry)).some(matches);
}

function clusterMatches(
  entry: ProjectDestination,
  destination: LiveApplication['destination'],
): boolean {
  if (entry.server !== undefined && destination.server !== undefined) {
    return permittedByGlobs([entry.server], destination.server);
  }
  if (entry.name !== undefined && destination.name !== undefined) {
    return permittedByGlobs([entry.name], destination.name);
  }
  return false;
}

function namespaceMatches(
  entry: ProjectDestination,
  destination: LiveApplication['destination'],
): boolean {
  return permittedByGlobs([entry.namespace ?? ''], destination.namespace ?? '');
}

function isDenyEntry(entry: ProjectDestination): boolean {
  return [entry.server, entry.name, entry.namespace].some(
    (field) => field?.startsWith('!') === true,
  );
}

function withoutNegation(entry: ProjectDestination): ProjectDestination {
  const strip = (field: string | undefined) => field?.replace(/^!/, '');
  return {
    server: strip(entry.server),
    name: strip(entry.name),
    namespace: strip(entry.namespace),
  };
}

function describeDestination(destination: LiveApplication['destination']): string {
  const cluster = destination.server ?? destination.name ?? '(no cluster)';
  return `${destination.namespace ?? '(no namespace)'} on ${cluster}`;
}
