import * as vscode from 'vscode';
import { ClusterConnection, ClusterContext } from '../../cluster';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { ArgoCdMode } from '../argocd/registerArgoCdMode';
import type { ComponentLog } from '../log';
import type { Session } from '../session';
import { agentApplicationId, agentApplications } from './agentApplications';
import type { AgentSettings } from './agentSettings';
import { applyBlockedReason, readAgentSettings } from './agentSettings';
import type { ApplicationState } from './agentTypes';
import { describeConnectionFailure } from './connectionFailure';
import { SavedRenderer } from './renderObjects';
import { SyncAgent } from './syncAgent';

/** Retry policy of commands: one quick retry, so a command fails in seconds, not minutes. */
const commandRetry = { retries: 1, baseDelayMs: 1_000 };

/** Workspace-state key prefix of the last synced render hash, per context and Application. */
const appliedHashPrefix = 'gitops.agent.appliedHash/';

/**
 * Owns the cluster connection and the sync agent of the configured context. It restarts when
 * the cluster or sync settings change and feeds the agent the workspace Applications.
 */
export class AgentService implements vscode.Disposable {
  private agent: SyncAgent | undefined;
  private connection: ClusterConnection | undefined;
  private settings: AgentSettings = readAgentSettings();
  private failure: string | undefined;
  private readonly savedRenderer = new SavedRenderer();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  /** Fires when an Application's state, the connection or the paused flag changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly session: Session,
    private readonly argoCd: ArgoCdMode,
    private readonly log: ComponentLog,
    private readonly state: vscode.Memento,
  ) {
    session.catalog.onDidChange(() => this.updateApplications(), undefined, this.disposables);
    argoCd.onDidChange(() => this.updateApplications(), undefined, this.disposables);
    vscode.workspace.onDidSaveTextDocument(
      (document) =>
        this.checkAffected(session.workspace.model.rootsDependingOn(document.uri.fsPath)),
      undefined,
      this.disposables,
    );
  }

  /** Checks the Applications whose source a saved file feeds now, not at the next poll. */
  private checkAffected(affectedRoots: readonly string[]): void {
    const context = this.connection?.contextName;
    if (this.agent === undefined || context === undefined) {
      return;
    }
    const affected = new Set(affectedRoots);
    const applications = agentApplications(
      this.session.catalog.current.applications,
      context,
      this.settings.servers,
    );
    const ids = applications
      .filter((application) => affected.has(application.dir))
      .map((application) => application.id);
    if (ids.length > 0) {
      void this.agent.checkNow(ids);
    }
  }

  /** Reason the agent has no connection, or undefined while it has one. */
  get connectionError(): string | undefined {
    return this.failure;
  }

  get contextName(): string | undefined {
    return this.connection?.contextName;
  }

  get paused(): boolean {
    return this.agent?.paused ?? false;
  }

  states(): ApplicationState[] {
    return this.agent?.states() ?? [];
  }

  stateOf(application: ResolvedApplication): ApplicationState | undefined {
    return this.agent?.state(agentApplicationId(application));
  }

  isManagedByArgoCd(application: ResolvedApplication): boolean {
    return this.argoCd.isManagedByArgoCd(application);
  }

  /** Reconnects with the current settings; failures are logged and kept as `connectionError`. */
  async restart(): Promise<void> {
    this.stop();
    this.settings = readAgentSettings();
    try {
      this.connection = await ClusterConnection.open(this.settings.connection);
    } catch (error) {
      const failure = describeConnectionFailure(error);
      this.failure = failure.message;
      if (failure.isError) {
        this.log.warn(failure.message);
      } else {
        this.log.info(failure.message);
      }
      this.changeEmitter.fire();
      return;
    }
    this.startAgent(this.connection);
  }

  pause(): void {
    this.agent?.pause();
  }

  resume(): void {
    this.agent?.resume();
  }

  /** Opens a separate connection for a command, with a short retry policy; close it after use. */
  async openCommandCluster(): Promise<ClusterContext> {
    const connection = await ClusterConnection.open(this.settings.connection);
    return new ClusterContext(connection, commandRetry, (message) => this.log.info(message));
  }

  /** Explains why commands may not apply to `context`, or returns undefined when they may. */
  manualSyncBlockedReason(context: string): string | undefined {
    const allowed = this.settings.allowedContexts.includes(context);
    return allowed ? undefined : `context ${context} is not listed in gitops.sync.allowedContexts`;
  }

  /** Renders a source folder as saved on disk, the state a sync would apply. */
  renderObjects(dir: string) {
    return this.savedRenderer.objects(dir);
  }

  /** Tells the agent about a sync a command ran and checks the Application again. */
  afterManualSync(application: ResolvedApplication): void {
    void this.agent?.checkNow([agentApplicationId(application)]);
  }

  private startAgent(connection: ClusterConnection): void {
    const settings = this.settings;
    const context = connection.contextName;
    const log = this.log;
    const cluster = new ClusterContext(connection, {}, (message) => log.info(message));
    this.failure = undefined;
    const store = this.state;
    this.agent = new SyncAgent({
      appliedHashes: {
        get: (id) => store.get<string>(`${appliedHashPrefix}${context}/${id}`),
        set: (id, hash) => void store.update(`${appliedHashPrefix}${context}/${id}`, hash),
      },
      cluster,
      render: (dir) => this.savedRenderer.objects(dir),
      log,
      readOnlyReason: applyBlockedReason(settings, context),
      isManagedByArgoCd: (application) => this.argoCd.isManagedByArgoCd(application),
      allowForeignObjects: settings.allowForeignObjects,
      pollMs: settings.pollMs,
    });
    this.agent.onDidChange(() => this.changeEmitter.fire());
    const mode = applyBlockedReason(settings, context) ?? 'applying automated sync policies';
    log.info(`sync agent started on context ${context} (${connection.server}): ${mode}`);
    this.updateApplications();
  }

  private updateApplications(): void {
    const agent = this.agent;
    const context = this.connection?.contextName;
    if (agent === undefined || context === undefined) {
      return;
    }
    const applications = this.session.catalog.current.applications;
    agent.setApplications(agentApplications(applications, context, this.settings.servers));
  }

  private stop(): void {
    this.agent?.dispose();
    this.agent = undefined;
    this.connection?.close();
    this.connection = undefined;
  }

  dispose(): void {
    this.stop();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
