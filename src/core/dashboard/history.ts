import * as path from 'node:path';
import type { CommitSummary, TagChange } from '../../shared/dashboardProtocol';
import type { Environment } from '../workspace/environments';
import type { WorkspaceModel } from '../workspace/model';
import { GitHistory } from './gitHistory';
import { readTagHistory } from './tagHistory';

/** Git history for the dashboard: image value changes and the last change of each environment. */
export interface DashboardHistory {
  readonly changes: readonly TagChange[];
  /** The newest commit that changed an input file of the environment, by environment folder. */
  readonly lastChanges: ReadonlyMap<string, CommitSummary>;
  /** Reason the history is empty, or undefined when it was read. */
  readonly note: string | undefined;
}

/**
 * Reads the dashboard's history from Git for every environment. Never rejects: files whose
 * history cannot be read are left out and named in `note`. `git` serves this one read.
 */
export async function readDashboardHistory(
  model: WorkspaceModel,
  environments: readonly Environment[],
  git: GitHistory = new GitHistory(),
): Promise<DashboardHistory> {
  const changes = await readTagHistory(model, environments, (file) => git.imageChanges(file));
  if (changes === undefined) {
    const note = 'No environment is in a Git repository, so there is no history.';
    return { changes: [], lastChanges: new Map(), note: withErrors(note, git.errors) };
  }

  const lastChanges = new Map<string, CommitSummary>();
  for (const environment of environments) {
    const commit = await lastChangeOf(model, environment, git);
    if (commit !== undefined) {
      lastChanges.set(environment.dir, commit);
    }
  }
  return { changes, lastChanges, note: withErrors(undefined, git.errors) };
}

function withErrors(note: string | undefined, errors: readonly string[]): string | undefined {
  if (errors.length === 0) {
    return note;
  }
  const reading = `Part of the Git history could not be read: ${errors.join('; ')}`;
  return note === undefined ? reading : `${note} ${reading}`;
}

/**
 * The newest commit that changed a file the environment is built from. Only files in the
 * environment's own repository count; bases in other clones are left out.
 */
async function lastChangeOf(model: WorkspaceModel, environment: Environment, git: GitHistory) {
  const repository = await git.repositoryOf(environment.dir);
  if (repository === undefined) {
    return undefined;
  }

  const prefix = repository.root + path.sep;
  const files = [...model.inputsOf(environment.dir)].filter((file) => file.startsWith(prefix));
  return files.length === 0 ? undefined : git.lastChange(repository, files);
}
