import * as path from 'node:path';
import type { CommitSummary, TagChange } from '../../shared/dashboardProtocol';
import type { Environment } from '../workspace/environments';
import type { WorkspaceModel } from '../workspace/model';
import type { GitLog } from './gitLog';
import { readTagHistory, versionReader } from './tagHistory';

/** Git history for the dashboard: image value changes and the last change of each environment. */
export interface DashboardHistory {
  readonly changes: readonly TagChange[];
  /** The newest commit that changed an input file of the environment, by environment folder. */
  readonly lastChanges: ReadonlyMap<string, CommitSummary>;
  /** Reason the history is empty, or undefined when it was read. */
  readonly note: string | undefined;
}

/** Reads the dashboard's history from git for every environment. Never rejects. */
export async function readDashboardHistory(
  model: WorkspaceModel,
  environments: readonly Environment[],
  git: GitLog,
  depth?: number,
): Promise<DashboardHistory> {
  const changes = await readTagHistory(model, environments, versionReader(git, depth));
  if (changes === undefined) {
    const note = 'No environment is in a git repository, or git is not installed, so there is no history.';
    return { changes: [], lastChanges: new Map(), note };
  }

  const lastChanges = new Map<string, CommitSummary>();
  for (const environment of environments) {
    const commit = await lastChangeOf(model, environment, git);
    if (commit !== undefined) {
      lastChanges.set(environment.dir, commit);
    }
  }
  return { changes, lastChanges, note: undefined };
}

/**
 * The newest commit that changed a file the environment is built from. Only files in the
 * environment's own repository count; bases in other clones are left out.
 */
async function lastChangeOf(model: WorkspaceModel, environment: Environment, git: GitLog) {
  const repository = await git.repositoryOf(environment.dir);
  if (repository === undefined) {
    return undefined;
  }

  const prefix = repository + path.sep;
  const files = [...model.inputsOf(environment.dir)].filter((file) => file.startsWith(prefix));
  return files.length === 0 ? undefined : git.lastCommitOf(repository, files);
}
