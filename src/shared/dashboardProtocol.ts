/**
 * Messages between the extension and the environment dashboard webview, and the data they carry.
 * Both sides import this file, so it contains types and plain constants only: no `vscode`, no DOM.
 * Every label and tooltip the page shows is computed by the extension side.
 */

/** View type of the dashboard panel, also used by its WebviewPanelSerializer. */
export const dashboardViewType = 'gitops.dashboard';

/** A git commit, as far as the dashboard shows it. */
export interface CommitSummary {
  readonly oid: string;
  readonly shortOid: string;
  /** First line of the commit message. */
  readonly subject: string;
  readonly author: string;
  /** Commit time as an ISO 8601 string in UTC. */
  readonly time: string;
}

/** A position in a workspace file; `line` counts from 0. */
export interface FileLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * Comparison of a cell with the same image in the environment before it. `behind`: the previous
 * environment had this value earlier and has since moved on (from git history). `differs`: the
 * values differ and history does not show which is newer.
 */
export type LagState = 'first' | 'same' | 'behind' | 'differs' | 'not-in-previous' | 'not-set';

/** One cell of the matrix: the image an environment deploys, as its kustomizations set it. */
export interface ImageCell {
  readonly environment: string;
  /** Tag or digest shown in the cell; '' when no kustomization of the environment sets one. */
  readonly display: string;
  readonly newName: string | undefined;
  readonly newTag: string | undefined;
  readonly digest: string | undefined;
  /** The `images:` entry that sets the value; it may be in a base the overlay builds on. */
  readonly definedAt: FileLocation | undefined;
  readonly lag: LagState;
  readonly tooltip: string;
  /** The commit that last wrote this value, when git history is available. */
  readonly commit: CommitSummary | undefined;
}

/** One row of the matrix: an image name as `images:` entries match it. */
export interface ImageRow {
  readonly image: string;
  /** One cell per environment, in the order of `DashboardSnapshot.environments`. */
  readonly cells: readonly ImageCell[];
}

/** An Argo CD Application that deploys an environment, with status from the cluster when known. */
export interface ApplicationSummary {
  readonly name: string;
  readonly location: FileLocation;
  /** Argo CD sync status (`Synced`, `OutOfSync`, ...), or undefined without cluster status. */
  readonly sync: string | undefined;
  /** Argo CD health status (`Healthy`, `Degraded`, ...), or undefined without cluster status. */
  readonly health: string | undefined;
}

/** One column of the matrix: an environment (an overlay), in promotion order. */
export interface EnvironmentColumn {
  readonly name: string;
  readonly dir: string;
  /** Folder relative to its workspace folder, for display. */
  readonly label: string;
  readonly kustomizationFile: string;
  readonly applications: readonly ApplicationSummary[];
  /** The last commit that changed a file the environment is built from. */
  readonly lastChange: CommitSummary | undefined;
  /** Number of diagnostics on the environment's input files, or undefined when unknown. */
  readonly diagnostics: number | undefined;
  /** Name of the next environment in promotion order, the target of "Promote". */
  readonly promotesTo: string | undefined;
  /** Number of images whose value in the next environment differs from this one. */
  readonly pendingPromotions: number;
}

/** One change of an image value in an environment, from git history. */
export interface TagChange {
  readonly environment: string;
  readonly image: string;
  readonly value: string;
  /** The value before this commit, or undefined when the entry was added by it. */
  readonly previous: string | undefined;
  readonly commit: CommitSummary;
  /** True for the change that set the value the environment has now. */
  readonly current: boolean;
}

/** Editor commands the page can start, and whether each is available in this editor. */
export type DashboardAction =
  'promote' | 'setImageTag' | 'openPreview' | 'diffApplication' | 'rollbackTag';

export interface ActionState {
  readonly enabled: boolean;
  readonly label: string;
  /** Says what the action does, or why it is disabled. */
  readonly tooltip: string;
}

/** Everything the page shows, computed by the extension. */
export interface DashboardSnapshot {
  readonly environments: readonly EnvironmentColumn[];
  readonly images: readonly ImageRow[];
  readonly history: readonly TagChange[];
  readonly actions: Readonly<Record<DashboardAction, ActionState>>;
  /** Reason the history is empty or partial, for example when no folder is a git repository. */
  readonly historyNote: string | undefined;
  /** Shown instead of the matrix when there is nothing to show. */
  readonly emptyMessage: string | undefined;
  /** Milliseconds the extension spent computing this snapshot. */
  readonly computeMs: number;
}

/** Part of a rendered object that a difference belongs to. */
export type DifferenceGroup = 'images' | 'replicas' | 'config' | 'other';

/** One differing value of an object, by its path in the object (`spec.replicas`). */
export interface FieldDifference {
  readonly path: string;
  readonly group: DifferenceGroup;
  /** The value as YAML flow text, or undefined when the field is absent on that side. */
  readonly left: string | undefined;
  readonly right: string | undefined;
}

/** The differences of one object between two rendered environments. */
export interface ObjectComparison {
  /** `Kind/name`; generated ConfigMap and Secret names without their hash suffix. */
  readonly key: string;
  readonly status: 'changed' | 'only-left' | 'only-right';
  readonly differences: readonly FieldDifference[];
}

/** The rendered manifests of two environments compared object by object. */
export interface EnvironmentComparison {
  readonly left: string;
  readonly right: string;
  readonly objects: readonly ObjectComparison[];
  /** Number of objects rendered identically on both sides, apart from their namespace. */
  readonly unchanged: number;
  /** Render failure on either side; the comparison is empty then. */
  readonly error: string | undefined;
}

/** State the page stores with `setState`, so it survives a reload of the window. */
export interface DashboardPageState {
  readonly tab: 'matrix' | 'compare' | 'history';
  readonly compareLeft: string | undefined;
  readonly compareRight: string | undefined;
}

/** Messages from the extension to the page. */
export type ToPageMessage =
  | { readonly type: 'snapshot'; readonly snapshot: DashboardSnapshot }
  | { readonly type: 'comparison'; readonly comparison: EnvironmentComparison }
  | { readonly type: 'comparing'; readonly left: string; readonly right: string };

/** Messages from the page to the extension. Environments are named by folder (`dir`). */
export type FromPageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'promote'; readonly source: string; readonly target: string }
  | { readonly type: 'setImageTag'; readonly environment: string; readonly image: string }
  | { readonly type: 'openPreview'; readonly environment: string }
  | { readonly type: 'diffApplication'; readonly application: string; readonly file: string }
  | {
      readonly type: 'rollbackTag';
      readonly environment: string;
      readonly image: string;
      /** Full id of the commit whose value the image goes back to. */
      readonly commit: string;
    }
  | { readonly type: 'compare'; readonly left: string; readonly right: string }
  | { readonly type: 'openFile'; readonly file: string; readonly line: number };

/** Returns true when `value` has the shape of a message the page may send. */
export function isFromPageMessage(value: unknown): value is FromPageMessage {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && fromPageTypes.includes(type);
}

const fromPageTypes: readonly string[] = [
  'ready',
  'promote',
  'setImageTag',
  'openPreview',
  'diffApplication',
  'rollbackTag',
  'compare',
  'openFile',
];
