import * as vscode from 'vscode';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { DashboardHistory } from '../../core/dashboard/history';
import { readDashboardHistory } from '../../core/dashboard/history';
import type { ApplicationStatus, DeployingApplication } from '../../core/dashboard/snapshot';
import { buildSnapshot } from '../../core/dashboard/snapshot';
import type { Environment } from '../../core/workspace/environments';
import type { WorkspaceModel } from '../../core/workspace/model';
import type { DashboardSnapshot } from '../../shared/dashboardProtocol';
import { KeyedDebouncer } from '../debounce';
import type { ComponentLog } from '../log';

/** Sync and health of Applications, from the sync agent when it runs. */
export interface ApplicationStatusSource {
  statusOf(application: string): ApplicationStatus | undefined;
  readonly onDidChange: vscode.Event<void>;
}

/** The services the dashboard reads; the extension's session provides them. */
export interface DashboardServices {
  readonly workspace: {
    readonly model: WorkspaceModel;
    readonly onDidChange: vscode.Event<unknown>;
  };
  readonly catalog: {
    applicationsDeploying(dir: string): readonly ResolvedApplication[];
    readonly current: { readonly applications: readonly ResolvedApplication[] };
    readonly onDidChange: vscode.Event<void>;
  };
  readonly status?: ApplicationStatusSource | undefined;
}

/** Milliseconds between the last change and the next snapshot, so bursts of events send one. */
const snapshotDelayMs = 100;

/**
 * Computes dashboard snapshots and fires one whenever the workspace model, the Applications,
 * the diagnostics or the cluster status change. Git history is read in the background: a
 * snapshot goes out at once without it, and again when it arrives.
 */
export class DashboardFeed implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DashboardSnapshot>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly debouncer: KeyedDebouncer<string>;
  private history: DashboardHistory | undefined;
  private historyRun = 0;
  private commands = new Set<string>();

  /** Fires with each new snapshot. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly services: DashboardServices,
    private readonly log: ComponentLog,
  ) {
    this.debouncer = new KeyedDebouncer(
      snapshotDelayMs,
      (reasons) => void this.refresh(reasons.includes('files')),
    );
    this.disposables.push(this.debouncer);
    services.workspace.onDidChange(() => this.debouncer.add('files'), undefined, this.disposables);
    services.catalog.onDidChange(
      () => this.debouncer.add('applications'),
      undefined,
      this.disposables,
    );
    services.status?.onDidChange(() => this.debouncer.add('status'), undefined, this.disposables);
    vscode.languages.onDidChangeDiagnostics(
      () => this.debouncer.add('diagnostics'),
      undefined,
      this.disposables,
    );
  }

  /** Sends a snapshot now and, when `rereadHistory` is set, another once git history is read again. */
  async refresh(rereadHistory: boolean): Promise<DashboardSnapshot> {
    this.commands = new Set(await vscode.commands.getCommands(true));
    const snapshot = this.snapshot();
    this.emitter.fire(snapshot);
    if (rereadHistory || this.history === undefined) {
      void this.rereadHistory();
    }
    return snapshot;
  }

  /** Computes a snapshot from the current model and the last history read. */
  snapshot(): DashboardSnapshot {
    return buildSnapshot({
      model: this.services.workspace.model,
      history: this.history,
      applicationsOf: (dir) => this.applicationsOf(dir),
      statusOf: (name) => this.services.status?.statusOf(name),
      diagnosticsOf: (environment) => this.diagnosticsOf(environment),
      availableCommands: this.commands,
    });
  }

  private async rereadHistory(): Promise<void> {
    const run = ++this.historyRun;
    const model = this.services.workspace.model;
    const started = Date.now();
    const history = await readDashboardHistory(model, model.environments());
    if (run !== this.historyRun) {
      return;
    }

    this.history = history;
    const elapsed = Date.now() - started;
    this.log.debug(`read ${history.changes.length} image changes from Git in ${elapsed} ms`);
    this.emitter.fire(this.snapshot());
  }

  private applicationsOf(dir: string): DeployingApplication[] {
    return this.services.catalog.applicationsDeploying(dir).map((application) => ({
      name: application.name,
      location: { file: application.file, line: application.range.startLine },
    }));
  }

  /** Counts the diagnostics of every provider on the files the environment is built from. */
  private diagnosticsOf(environment: Environment): number {
    let count = 0;
    for (const file of this.services.workspace.model.inputsOf(environment.dir)) {
      count += vscode.languages.getDiagnostics(vscode.Uri.file(file)).length;
    }
    return count;
  }

  dispose(): void {
    this.historyRun += 1;
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
