import type { TagChange } from '../../shared/dashboardProtocol';
import type { ImageTagChange } from '../git/history';
import type { Environment } from '../workspace/environments';
import type { WorkspaceModel } from '../workspace/model';
import type { AppliedImageEntry } from './environmentImages';
import { entryValue, imageEntriesOf } from './environmentImages';
import { commitSummary } from './gitHistory';

/** Reads the image changes of a kustomization file, newest first; undefined outside Git. */
export type ChangeReader = (file: string) => Promise<readonly ImageTagChange[] | undefined>;

/**
 * Builds the timeline of image value changes for every environment, newest first. A change is a
 * commit after which a kustomization file sets another value for an image than before it. Only
 * files that set an image for the environment now are read, plus the overlay's own file.
 * Returns undefined when none of those files is in a git repository.
 */
export async function readTagHistory(
  model: WorkspaceModel,
  environments: readonly Environment[],
  readChanges: ChangeReader,
): Promise<TagChange[] | undefined> {
  const changes: TagChange[] = [];
  let anyRepository = false;

  for (const environment of environments) {
    const applied = imageEntriesOf(model, environment.dir);
    for (const file of filesToRead(environment, applied)) {
      const fileChanges = await readChanges(file);
      if (fileChanges === undefined) {
        continue;
      }
      anyRepository = true;
      const names = namesTakenFrom(file, environment, applied);
      changes.push(...changesInFile(environment.name, fileChanges, names));
    }
  }

  if (!anyRepository) {
    return undefined;
  }
  markCurrent(changes, model, environments);
  return changes.sort((a, b) => b.commit.time.localeCompare(a.commit.time));
}

function filesToRead(
  environment: Environment,
  applied: ReadonlyMap<string, AppliedImageEntry>,
): string[] {
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
  const names = [...applied.values()]
    .filter((entry) => entry.file === file)
    .map((entry) => entry.entry.name);
  return new Set(names);
}

/**
 * Converts the changes of one file to timeline entries, keeping only `names` when given. A
 * change that removed an entry is left out, because the timeline lists the values set.
 */
export function changesInFile(
  environment: string,
  fileChanges: readonly ImageTagChange[],
  names: ReadonlySet<string> | undefined,
): TagChange[] {
  const changes: TagChange[] = [];
  for (const change of fileChanges) {
    if (change.newEntry === undefined || (names !== undefined && !names.has(change.image))) {
      continue;
    }
    changes.push({
      environment,
      image: change.image,
      value: entryValue(change.newEntry),
      previous: change.oldEntry === undefined ? undefined : entryValue(change.oldEntry),
      commit: commitSummary(change),
      current: false,
    });
  }
  return changes;
}

/** Marks, per environment and image, the newest change whose value the environment has now. */
function markCurrent(
  changes: TagChange[],
  model: WorkspaceModel,
  environments: readonly Environment[],
): void {
  const byKey = new Map<string, number[]>();
  changes.forEach((change, index) => {
    const key = `${change.environment}\n${change.image}`;
    byKey.set(key, [...(byKey.get(key) ?? []), index]);
  });

  for (const environment of environments) {
    for (const [image, applied] of imageEntriesOf(model, environment.dir)) {
      const value = entryValue(applied.entry);
      const candidates = (byKey.get(`${environment.name}\n${image}`) ?? []).filter(
        (index) => changes[index]?.value === value,
      );
      const newest = candidates.sort((a, b) =>
        (changes[b]?.commit.time ?? '').localeCompare(changes[a]?.commit.time ?? ''),
      )[0];
      const change = newest === undefined ? undefined : changes[newest];
      if (newest !== undefined && change !== undefined) {
        changes[newest] = { ...change, current: true };
      }
    }
  }
}
