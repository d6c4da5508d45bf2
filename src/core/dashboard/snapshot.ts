import * as path from 'node:path';
import type {
  ActionState,
  ApplicationSummary,
  DashboardAction,
  DashboardSnapshot,
  EnvironmentColumn,
  FileLocation,
} from '../../shared/dashboardProtocol';
import type { Environment } from '../workspace/environments';
import type { WorkspaceModel } from '../workspace/model';
import type { DashboardHistory } from './history';
import { buildImageRows, pendingPromotions } from './matrix';

/** An Application that deploys an environment, as the Argo CD resolver found it. */
export interface DeployingApplication {
  readonly name: string;
  readonly location: FileLocation;
}

/** Sync and health of an Application as the cluster reports them. */
export interface ApplicationStatus {
  readonly sync: string | undefined;
  readonly health: string | undefined;
}

/** Inputs of a snapshot. Every provider is optional, so the core also runs without an editor. */
export interface SnapshotSources {
  readonly model: WorkspaceModel;
  readonly history?: DashboardHistory | undefined;
  readonly applicationsOf?: (dir: string) => readonly DeployingApplication[];
  readonly statusOf?: (application: string) => ApplicationStatus | undefined;
  readonly diagnosticsOf?: (environment: Environment) => number | undefined;
  /** Ids of the commands registered in the editor, to enable or disable the page's actions. */
  readonly availableCommands?: ReadonlySet<string>;
}

/** Command ids behind the page's actions. */
export const actionCommands: Readonly<Record<DashboardAction, string>> = {
  promote: 'gitops.promote',
  setImageTag: 'gitops.setImageTag',
  openPreview: 'gitops.openPreview',
  diffApplication: 'gitops.diffApplication',
  rollbackTag: 'gitops.rollbackTag',
};

const actionTexts: Readonly<Record<DashboardAction, { label: string; tooltip: string }>> = {
  promote: {
    label: 'Promote',
    tooltip:
      'Copy the images of this environment to the next one; shows the plan and the rendered diff first',
  },
  setImageTag: {
    label: 'Set tag',
    tooltip: 'Set the tag or digest of this image in this environment',
  },
  openPreview: {
    label: 'Open preview',
    tooltip: 'Show the output of kustomize build for this environment',
  },
  diffApplication: {
    label: 'Diff against cluster',
    tooltip: 'Compare the rendered manifests with the live objects of this Application',
  },
  rollbackTag: { label: 'Roll back', tooltip: 'Set this image back to the value of this commit' },
};

/** Computes everything the dashboard page shows. Runs no git and no kustomize. */
export function buildSnapshot(sources: SnapshotSources): DashboardSnapshot {
  const started = performance.now();
  const environments = sources.model.environments();
  const rows = buildImageRows(sources.model, environments, sources.history?.changes);
  const pending = pendingPromotions(rows, environments.length);

  const columns = environments.map((environment, index) => {
    return buildColumn(sources, environment, environments[index + 1], pending[index] ?? 0);
  });

  return {
    environments: columns,
    images: rows,
    history: sources.history?.changes ?? [],
    actions: actionStates(sources.availableCommands),
    historyNote:
      sources.history === undefined ? 'Reading the history from git…' : sources.history.note,
    emptyMessage: environments.length === 0 ? emptyMessage : undefined,
    computeMs: Math.round(performance.now() - started),
  };
}

const emptyMessage =
  'No environments found: an environment is a kustomization overlay that builds on a base. ' +
  'Open a folder with overlays such as env/dev and env/prod, each with a kustomization.yaml.';

function buildColumn(
  sources: SnapshotSources,
  environment: Environment,
  next: Environment | undefined,
  pending: number,
): EnvironmentColumn {
  return {
    name: environment.name,
    dir: environment.dir,
    label: labelOf(sources.model, environment.dir),
    kustomizationFile: environment.kustomizationFile,
    applications: applicationsOf(sources, environment.dir),
    lastChange: sources.history?.lastChanges.get(environment.dir),
    diagnostics: sources.diagnosticsOf?.(environment),
    promotesTo: next?.name,
    pendingPromotions: pending,
  };
}

function applicationsOf(sources: SnapshotSources, dir: string): ApplicationSummary[] {
  const applications = sources.applicationsOf?.(dir) ?? [];
  return applications.map((application) => {
    const status = sources.statusOf?.(application.name);
    return { ...application, sync: status?.sync, health: status?.health };
  });
}

/** Returns the folder relative to the workspace folder that contains it, with `/` separators. */
function labelOf(model: WorkspaceModel, dir: string): string {
  const folder = model.folders.find(
    (candidate) => dir === candidate || dir.startsWith(candidate + path.sep),
  );
  if (folder === undefined) {
    return dir;
  }
  const relative = path.relative(folder, dir).split(path.sep).join('/');
  return model.folders.length > 1 ? `${path.basename(folder)}/${relative}` : relative;
}

function actionStates(
  available: ReadonlySet<string> | undefined,
): Record<DashboardAction, ActionState> {
  const states = {} as Record<DashboardAction, ActionState>;
  for (const action of Object.keys(actionCommands) as DashboardAction[]) {
    const command = actionCommands[action];
    const enabled = available?.has(command) ?? false;
    const texts = actionTexts[action];
    const tooltip = enabled
      ? texts.tooltip
      : `${texts.label} is not available: the command ${command} is not installed`;
    states[action] = { enabled, label: texts.label, tooltip };
  }
  return states;
}
