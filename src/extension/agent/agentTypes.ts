import type { DiffReport, SyncResult } from '../../cluster';
import type { HealthStatus, IgnoreDifference, JsonObject } from '../../core/drift';

/** An Application the agent watches: a workspace Application whose source is a local folder. */
export interface AgentApplication {
  /** Stable id: the Application's file and name. */
  readonly id: string;
  readonly name: string;
  /** Local folder of the source, rendered with kustomize. */
  readonly dir: string;
  /** Destination namespace, for namespaced objects that name none. */
  readonly namespace: string | undefined;
  /** `syncPolicy.automated` is set. */
  readonly automated: boolean;
  /** `syncPolicy.automated.selfHeal`: undo drift on the cluster, not only new Git changes. */
  readonly selfHeal: boolean;
  /** `syncPolicy.automated.prune`: delete tracked objects that are no longer rendered. */
  readonly prune: boolean;
  /** `syncOptions` has `CreateNamespace=true`. */
  readonly createNamespace: boolean;
  /** The Application's `ignoreDifferences`, skipped when diffing against the cluster. */
  readonly ignoreDifferences?: readonly IgnoreDifference[];
}

/** Sync status of an Application as the agent last saw it. */
export type AgentSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';

/** State of one Application as the agent last observed it. */
export interface ApplicationState {
  readonly application: AgentApplication;
  readonly status: AgentSyncStatus;
  /** Worst health of the Application's objects, or Unknown before the first diff. */
  readonly health: HealthStatus;
  readonly report: DiffReport | undefined;
  /** The rendered objects the report compares. */
  readonly manifests: readonly JsonObject[];
  /** Error of the last check; cleared by the next successful one. */
  readonly error: string | undefined;
  /** Failed checks in a row; each one doubles the wait before the next check. */
  readonly failures: number;
  /** Epoch milliseconds of the last finished check. */
  readonly checkedAt: number | undefined;
  readonly lastSync: SyncResult | undefined;
  /** Reason the agent does not apply this Application, or undefined when it does. */
  readonly readOnlyReason: string | undefined;
}

/** Log lines of the agent; never Secret values or credentials. */
export interface AgentLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Milliseconds before each retry after a failed check: 5 s doubling to 80 s, as Argo CD retries. */
export const defaultRetryDelaysMs: readonly number[] = [5_000, 10_000, 20_000, 40_000, 80_000];
