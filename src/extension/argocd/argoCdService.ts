import * as vscode from 'vscode';
import { ApplicationWatch } from '../../cluster/argocd/applicationWatch';
import { argoCdServed } from '../../cluster/argocd/detect';
import { WatchTransport } from '../../cluster/argocd/watchTransport';
import { ClusterConnection } from '../../cluster/connection';
import type { LiveApplication } from '../../core/argocd/application';
import type { ApplicationIdentity } from '../../core/argocd/matching';
import { matchApplication } from '../../core/argocd/matching';
import type { ModeDecision } from '../../core/argocd/mode';
import { decideMode } from '../../core/argocd/mode';
import type { RevisionRelation } from '../../core/argocd/revision';
import { compareRevisions, readHead } from '../../core/argocd/revision';
import type { ArgoCdStatus } from '../../core/argocd/summary';
import { summarize } from '../../core/argocd/summary';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { ApplicationCatalog } from '../applications/applicationCatalog';
import type { ComponentLog } from '../log';
import { readArgoCdSettings } from './argoCdSettings';

/** The connection, watch and mode decision while Argo CD mode is on. */
interface ActiveMode {
  readonly connection: ClusterConnection;
  readonly transport: WatchTransport;
  readonly watch: ApplicationWatch;
}

/**
 * Detects Argo CD on the configured cluster context, keeps its Applications current through one
 * watch, and gives each workspace Application its Argo CD status with the revision comparison.
 */
export class ArgoCdService implements vscode.Disposable {
  private active: ActiveMode | undefined;
  private decision: ModeDecision = { active: false, reason: 'not started' };
  private readonly relations = new Map<string, RevisionRelation>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];

  /** Fires when the mode, an Application's status or the watch state changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly catalog: ApplicationCatalog,
    private readonly log: ComponentLog,
  ) {
    catalog.onDidChange(() => this.onWorkspaceChanged(), undefined, this.disposables);
  }

  get mode(): ModeDecision {
    return this.decision;
  }

  get watch(): ApplicationWatch | undefined {
    return this.active?.watch;
  }

  get connection(): ClusterConnection | undefined {
    return this.active?.connection;
  }

  /** (Re)connects with the current settings and decides the mode; errors end up in the log. */
  restart(): Promise<void> {
    return this.stop().then(() => this.start());
  }

  /**
   * Tells whether Argo CD manages the workspace Application, so the local sync agent must not
   * apply or prune its objects. False while Argo CD mode is off.
   */
  isManagedByArgoCd(application: ApplicationIdentity): boolean {
    return this.decision.active && this.active?.watch.isManagedByArgoCd(application) === true;
  }

  /** Returns the cluster Application that matches a workspace one, while Argo CD mode is on. */
  liveFor(application: ApplicationIdentity): LiveApplication | undefined {
    if (!this.decision.active || this.active === undefined) {
      return undefined;
    }
    return matchApplication(application, this.active.watch.list())?.live;
  }

  /** Status for the Applications view; undefined when Argo CD does not manage the Application. */
  statusFor(application: ResolvedApplication): ArgoCdStatus | undefined {
    const live = this.liveFor(application);
    if (live === undefined) {
      return undefined;
    }
    return summarize(live, this.relations.get(relationKey(application, live)));
  }

  private async start(): Promise<void> {
    const settings = readArgoCdSettings();
    if (settings.mode === 'off') {
      this.setDecision({ active: false, reason: 'gitops.argocd.mode is off' });
      return;
    }
    try {
      await this.connect(settings.connection);
    } catch (error) {
      this.log.error('connecting to the cluster for Argo CD mode failed', error);
      await this.stop();
      this.setDecision({
        active: false,
        reason: `the cluster could not be reached: ${String(error)}`,
      });
    }
  }

  private async connect(options: { kubeconfig?: string; context?: string }): Promise<void> {
    const connection = await ClusterConnection.open(options);
    const transport = await WatchTransport.open(options);
    const served = await argoCdServed(connection);
    if (!served) {
      connection.close();
      transport.close();
      this.setDecision(decideMode(readArgoCdSettings().mode, false, [], []));
      return;
    }

    const watch = new ApplicationWatch(connection, transport, {
      log: (message) => this.log.info(message),
    });
    this.active = { connection, transport, watch };
    watch.onDidChange(() => this.onClusterChanged());
    watch.onDidChangeState((state) => {
      this.log.debug(`watch state: ${state.kind}`);
      this.changeEmitter.fire();
    });
    await watch.start();
    this.log.info(
      `watching Argo CD Applications on ${connection.server} (context ${connection.contextName})`,
    );
    this.onWorkspaceChanged();
  }

  private onWorkspaceChanged(): void {
    const live = this.active?.watch.list() ?? [];
    const served = this.active !== undefined;
    const previous = this.decision;
    this.setDecision(
      decideMode(readArgoCdSettings().mode, served, this.catalog.current.applications, live),
    );
    if (previous.active !== this.decision.active || previous.reason !== this.decision.reason) {
      this.log.info(`Argo CD mode ${this.decision.active ? 'on' : 'off'}: ${this.decision.reason}`);
    }
    void this.updateRelations();
  }

  private onClusterChanged(): void {
    this.onWorkspaceChanged();
    this.changeEmitter.fire();
  }

  /** Compares each synced revision with its workspace HEAD; results are cached by both commits. */
  private async updateRelations(): Promise<void> {
    let changed = false;
    for (const application of this.catalog.current.applications) {
      const live = this.liveFor(application);
      const synced = live?.syncRevisions[0];
      const folder = application.sources.find(
        (source) => source.resolution.kind === 'resolved',
      )?.resolution;
      if (live === undefined || synced === undefined || folder?.kind !== 'resolved') {
        continue;
      }
      changed = (await this.compare(application, live, folder.repositoryFolder, synced)) || changed;
    }
    if (changed) {
      this.changeEmitter.fire();
    }
  }

  private async compare(
    application: ResolvedApplication,
    live: LiveApplication,
    dir: string,
    synced: string,
  ): Promise<boolean> {
    const key = relationKey(application, live);
    try {
      const head = await readHead(dir);
      const cacheKey = `${key}@${head}`;
      if (this.relations.has(cacheKey)) {
        this.relations.set(key, this.relations.get(cacheKey) as RevisionRelation);
        return false;
      }
      const relation = await compareRevisions(dir, synced, head);
      this.relations.set(cacheKey, relation);
      this.relations.set(key, relation);
      return true;
    } catch (error) {
      this.log.warn(
        `comparing ${synced} with the workspace HEAD of ${dir} failed: ${String(error)}`,
      );
      return false;
    }
  }

  private setDecision(decision: ModeDecision): void {
    const changed =
      decision.active !== this.decision.active || decision.reason !== this.decision.reason;
    this.decision = decision;
    void vscode.commands.executeCommand('setContext', 'gitops:argoCdActive', decision.active);
    if (changed) {
      this.changeEmitter.fire();
    }
  }

  private async stop(): Promise<void> {
    const active = this.active;
    this.active = undefined;
    if (active !== undefined) {
      await active.watch.dispose();
      active.transport.close();
      active.connection.close();
    }
  }

  dispose(): void {
    void this.stop();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Cache key of a comparison: the Application and the revision Argo CD synced. */
function relationKey(application: ResolvedApplication, live: LiveApplication): string {
  return `${application.file}#${application.name}@${live.syncRevisions[0] ?? ''}`;
}
