import type { TagChange } from '../../shared/dashboardProtocol';
import type { Environment } from '../workspace/environments';
import { parseKustomization } from '../workspace/kustomization';
import type { WorkspaceModel } from '../workspace/model';
import type { AppliedImageEntry } from './environmentImages';
import { entryValue, imageEntriesOf } from './environmentImages';
import type { FileVersion, GitLog } from './gitLog';

/** Commits read per kustomization file; older changes are left out of the timeline. */
export const defaultHistoryDepth = 100;

/** Reads the committed versions of a file, newest first; undefined outside a git repository. */
export type VersionReader = (file: string) => Promise<readonly FileVersion[] | undefined>;

export function versionReader(git: GitLog, depth = defaultHistoryDepth): VersionReader {
  const cache = new Map<string, Promise<FileVersion[] | undefined>>();
  return (file) => {
    let versions = cache.get(file);
    if (versions === undefined) {
      versions = git.versionsOf(file, depth);
      cache.set(file, versions);
    }
    return versions;
  };
}

/**
 * Builds the timeline of image value changes for every environment, newest first. A change is a
 * commit after which a kustomization file sets another value for an image than before it. Only
 * files that set an image for the environment now are read, plus the overlay's own file.
 * Returns undefined when none of those files is in a git repository.
 */
export async function readTagHistory(
  model: WorkspaceModel,
  environments: readonly Environment[],
  readVersions: VersionReader,
): Promise<TagChange[] | undefined> {
  const changes: TagChange[] = [];
  let anyRepository = false;

  for (const environment of environments) {
    const applied = imageEntriesOf(model, environment.dir);
    for (const file of filesToRead(environment, applied)) {
      const versions = await readVersions(file);
      if (versions === undefined) {
        continue;
      }
      anyRepository = true;
      const names = namesTakenFrom(file, environment, applied);
      changes.push(...changesInFile(environment.name, versions, names));
    }
  }

  if (!anyRepository) {
    return undefined;
  }
  markCurrent(changes, model, environments);
  return changes.sort((a, b) => b.commit.time.localeCompare(a.commit.time));
}

function filesToRead(environment: Environment, applied: ReadonlyMap<string, AppliedImageEntry>): string[] {
  const files = new Set([environment.kustomizationFile]);
  for (const entry of applied.values()) {
    files.add(entry.file);
  }
  return [...files];
}

/** Image names whose value the environment takes from `file`; undefined means every name in it. */
function namesTakenFrom(
  file: string,
  environment: Environment,
  applied: ReadonlyMap<string, AppliedImageEntry>,
): ReadonlySet<string> | undefined {
  if (file === environment.kustomizationFile) {
    return undefined;
  }
  const names = [...applied.values()].filter((entry) => entry.file === file).map((entry) => entry.entry.name);
  return new Set(names);
}

/** Compares consecutive versions, oldest first, and lists the commits that changed a value. */
export function changesInFile(
  environment: string,
  versionsNewestFirst: readonly FileVersion[],
  names: ReadonlySet<string> | undefined,
): TagChange[] {
  const changes: TagChange[] = [];
  let before = new Map<string, string>();

  for (const version of [...versionsNewestFirst].reverse()) {
    const after = version.text === undefined ? new Map<string, string>() : valuesIn(version.text);
    for (const [image, value] of after) {
      const previous = before.get(image);
      if (previous !== value && (names === undefined || names.has(image))) {
        changes.push({ environment, image, value, previous, commit: version.commit, current: false });
      }
    }
    before = after;
  }
  return changes;
}

function valuesIn(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const entry of parseKustomization('kustomization.yaml', text).images) {
    if (entry.name !== undefined && !values.has(entry.name)) {
      values.set(entry.name, entryValue(entry));
    }
  }
  return values;
}

/** Marks, per environment and image, the newest change whose value the environment has now. */
function markCurrent(changes: TagChange[], model: WorkspaceModel, environments: readonly Environment[]): void {
  const byKey = new Map<string, number[]>();
  changes.forEach((change, index) => {
    const key = `${change.environment}\n${change.image}`;
    byKey.set(key, [...(byKey.get(key) ?? []), index]);
  });

  for (const environment of environments) {
    for (const [image, applied] of imageEntriesOf(model, environment.dir)) {
      const value = entryValue(applied.entry);
      const candidates = (byKey.get(`${environment.name}\n${image}`) ?? []).filter((index) => changes[index]?.value === value);
      const newest = candidates.sort((a, b) => (changes[b]?.commit.time ?? '').localeCompare(changes[a]?.commit.time ?? ''))[0];
      const change = newest === undefined ? undefined : changes[newest];
      if (newest !== undefined && change !== undefined) {
        changes[newest] = { ...change, current: true };
      }
    }
  }
}
