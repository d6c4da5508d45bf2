import { setMaxListeners } from 'node:events';
import type { ClusterContext, SyncResult } from '../../cluster';
import { CancelledError, errorMessage } from '../../cluster';
import type { AgentApplication, AgentLog, ApplicationState } from './agentTypes';
import { defaultRetryDelaysMs } from './agentTypes';
import type { ApplyPolicy, CheckOutcome, RenderObjects } from './applicationCheck';
import { applicationHealth, checkApplication } from './applicationCheck';

export interface SyncAgentOptions {
  readonly cluster: ClusterContext;
  readonly render: RenderObjects;
  readonly log: AgentLog;
  /** Undefined when the agent may apply to this cluster; otherwise why it only reads. */
  readonly readOnlyReason: string | undefined;
  /** Returns true for Applications Argo CD manages: the agent then only diffs them. */
  readonly isManagedByArgoCd: (application: AgentApplication) => boolean;
  readonly allowForeignObjects: boolean;
  /** Milliseconds between checks of a healthy Application. */
  readonly pollMs: number;
  /** Milliseconds before each retry after a failure; the last one repeats. */
  readonly retryDelaysMs?: readonly number[];
  /**
   * Keeps the hash of the render each Application last synced across restarts, so an automated
   * Application without selfHeal is not synced again only because the editor restarted.
   */
  readonly appliedHashes?: AppliedHashStore;
}

/** Storage of the last synced render hash by Application id. */
export interface AppliedHashStore {
  get(id: string): string | undefined;
  set(id: string, hash: string | undefined): void;
}

interface Entry {
  state: ApplicationState;
  /** Epoch milliseconds when the next check is due. */
  dueAt: number;
  appliedHash: string | undefined;
}

/**
 * Checks each Application on a poll interval: render, diff and, where its sync policy requires,
 * sync. Checks run one at a time in the background. A failed check is retried after 5, 10,
 * 20, 40 and 80 s (then every 80 s) and never prunes. Dispose stops the timer and aborts the
 * check in flight.
 */
export class SyncAgent {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private pausedFlag = false;
  private disposed = false;

  constructor(private readonly options: SyncAgentOptions) {
    // Every request of a check listens on this signal, and up to 16 run at once.
    setMaxListeners(64, this.abort.signal);
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  get contextName(): string {
    return this.options.cluster.connection.contextName;
  }

  /** Registers a listener for state changes; returns a function that removes it. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  states(): ApplicationState[] {
    return [...this.entries.values()].map((entry) => entry.state);
  }

  state(id: string): ApplicationState | undefined {
    return this.entries.get(id)?.state;
  }

  /** Replaces the watched Applications; known ones keep their state, new ones are due now. */
  setApplications(applications: readonly AgentApplication[]): void {
    const ids = new Set(applications.map((application) => application.id));
    for (const id of [...this.entries.keys()]) {
      if (!ids.has(id)) {
        this.entries.delete(id);
      }
    }
    for (const application of applications) {
      this.upsert(application);
    }
    this.fire();
    this.schedule();
  }

  pause(): void {
    this.pausedFlag = true;
    this.clearTimer();
    this.options.log.info(`paused on context ${this.contextName}`);
    this.fire();
  }

  resume(): void {
    this.pausedFlag = false;
    this.options.log.info(`resumed on context ${this.contextName}`);
    this.fire();
    this.schedule();
  }

  /** Checks the given Applications (all when none are given) now, even while paused. */
  async checkNow(ids?: readonly string[]): Promise<void> {
    const due = ids ?? [...this.entries.keys()];
    for (const id of due) {
      const entry = this.entries.get(id);
      if (entry !== undefined) {
        entry.dueAt = 0;
      }
    }
    await this.runDue(true);
  }

  /** Records a sync run by a command, so the state shows it at once. */
  recordSync(id: string, result: SyncResult): void {
    const entry = this.entries.get(id);
    if (entry !== undefined) {
      entry.state = { ...entry.state, lastSync: result };
      this.fire();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.abort.abort();
    this.listeners.clear();
  }

  /** Waits for the check in flight, for tests and shutdown. */
  async idle(): Promise<void> {
    await this.running;
  }

  private upsert(application: AgentApplication): void {
    const readOnlyReason = this.readOnlyReason(application);
    const existing = this.entries.get(application.id);
    if (existing !== undefined) {
      existing.state = { ...existing.state, application, readOnlyReason };
      return;
    }
    this.entries.set(application.id, {
      state: initialState(application, readOnlyReason),
      dueAt: 0,
      appliedHash: this.options.appliedHashes?.get(application.id),
    });
  }

  private readOnlyReason(application: AgentApplication): string | undefined {
    if (this.options.isManagedByArgoCd(application)) {
      return 'Argo CD manages this Application; the diff shows what Argo CD will see';
    }
    return this.options.readOnlyReason;
  }

  private schedule(): void {
    this.clearTimer();
    if (this.pausedFlag || this.disposed || this.running !== undefined || this.entries.size === 0) {
      return;
    }
    const next = Math.min(...[...this.entries.values()].map((entry) => entry.dueAt));
    const delay = Math.max(0, next - Date.now());
    this.timer = setTimeout(() => void this.runDue(false), delay);
    // The timer alone must not keep a CLI or test process alive.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async runDue(evenWhenPaused: boolean): Promise<void> {
    if (this.running !== undefined) {
      await this.running;
    }
    this.running = this.checkDue(evenWhenPaused);
    try {
      await this.running;
    } finally {
      this.running = undefined;
      this.schedule();
    }
  }

  private async checkDue(evenWhenPaused: boolean): Promise<void> {
    for (const entry of [...this.entries.values()]) {
      const stopped = this.disposed || (this.pausedFlag && !evenWhenPaused);
      if (stopped) {
        return;
      }
      if (entry.dueAt <= Date.now()) {
        await this.check(entry);
      }
    }
  }

  private async check(entry: Entry): Promise<void> {
    const application = entry.state.application;
    const policy: ApplyPolicy = {
      readOnlyReason: this.readOnlyReason(application),
      allowForeignObjects: this.options.allowForeignObjects,
    };
    try {
      const outcome = await checkApplication(
        this.options.cluster,
        this.options.render,
        application,
        policy,
        entry.appliedHash,
        this.abort.signal,
      );
      if (entry.appliedHash !== outcome.appliedHash) {
        this.options.appliedHashes?.set(application.id, outcome.appliedHash);
      }
      entry.appliedHash = outcome.appliedHash;
      const failures = outcome.sync?.phase === 'Failed' ? entry.state.failures + 1 : 0;
      entry.state = { ...succeeded(entry.state, outcome, policy.readOnlyReason), failures };
      const wait = failures > 0 ? this.retryDelay(failures) : this.options.pollMs;
      entry.dueAt = Date.now() + wait;
      this.logOutcome(application.name, outcome, wait);
    } catch (error) {
      if (error instanceof CancelledError || this.disposed) {
        return;
      }
      this.recordFailure(entry, error);
    }
    this.fire();
  }

  /** Argo CD's retry backoff: the wait before the next try after `failures` failures in a row. */
  private retryDelay(failures: number): number {
    const delays = this.options.retryDelaysMs ?? defaultRetryDelaysMs;
    return delays[Math.min(failures, delays.length) - 1] ?? this.options.pollMs;
  }

  private recordFailure(entry: Entry, error: unknown): void {
    const failures = entry.state.failures + 1;
    const delay = this.retryDelay(failures);
    const message = errorMessage(error);
    entry.state = { ...entry.state, status: 'Unknown', error: message, failures };
    entry.dueAt = Date.now() + delay;
    const name = entry.state.application.name;
    this.options.log.error(
      `Application "${name}": check failed; retrying in ${delay / 1000} s`,
      error,
    );
  }

  private logOutcome(name: string, outcome: CheckOutcome, waitMs: number): void {
    for (const resource of outcome.report.resources) {
      if (resource.error !== undefined) {
        this.options.log.warn(resource.error);
      }
    }
    if (outcome.sync?.phase === 'Failed') {
      this.options.log.warn(
        `Application "${name}": automated sync Failed; retrying in ${waitMs / 1000} s`,
      );
    } else if (outcome.sync !== undefined) {
      this.options.log.info(`Application "${name}": automated sync ${outcome.sync.phase}`);
    }
  }

  private fire(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}

function initialState(
  application: AgentApplication,
  readOnlyReason: string | undefined,
): ApplicationState {
  return {
    application,
    status: 'Unknown',
    health: 'Unknown',
    report: undefined,
    manifests: [],
    error: undefined,
    failures: 0,
    checkedAt: undefined,
    lastSync: undefined,
    readOnlyReason,
  };
}

function succeeded(
  state: ApplicationState,
  outcome: CheckOutcome,
  readOnlyReason: string | undefined,
): ApplicationState {
  return {
    ...state,
    status: outcome.report.status,
    health: applicationHealth(outcome.report),
    report: outcome.report,
    manifests: outcome.manifests,
    error: undefined,
    failures: 0,
    checkedAt: Date.now(),
    lastSync: outcome.sync ?? state.lastSync,
    readOnlyReason,
  };
}
