import * as vscode from 'vscode';
import type { RenderFunction } from '../../core/dashboard/compare';
import { findImageChange } from '../../core/dashboard/imageChange';
import { dashboardViewType } from '../../shared/dashboardProtocol';
import type { CommandRunner } from '../commandRunner';
import type { Log } from '../log';
import type { DashboardServices } from './dashboardFeed';
import { DashboardFeed } from './dashboardFeed';
import { DashboardPanel } from './dashboardPanel';
import type { PageRequestContext } from './pageRequests';
import { handlePageRequest } from './pageRequests';

/** Command that opens the dashboard, as package.json declares it. */
export const openDashboardCommand = 'gitops.openDashboard';

/** The session services the dashboard needs, plus the renderer for comparisons. */
export interface DashboardDependencies extends DashboardServices {
  readonly renders: { render: RenderFunction };
}

/**
 * Registers the "Open Dashboard" command and the panel serializer that restores the dashboard
 * after a window reload. At most one dashboard panel is open; the command reveals it.
 */
export function registerDashboard(
  context: vscode.ExtensionContext,
  services: DashboardDependencies,
  commands: CommandRunner,
  log: Log,
): vscode.Disposable {
  const controller = new DashboardController(context.extensionUri, services, log);
  const registrations = [
    controller,
    commands.register(openDashboardCommand, () => controller.open()),
    vscode.window.registerWebviewPanelSerializer(dashboardViewType, {
      deserializeWebviewPanel: async (panel) => controller.restore(panel),
    }),
  ];
  return vscode.Disposable.from(...registrations);
}

/** Owns the feed and the open panel; the feed is created with the first panel and dropped with it. */
class DashboardController implements vscode.Disposable {
  private current: { panel: DashboardPanel; feed: DashboardFeed } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: DashboardDependencies,
    private readonly log: Log,
  ) {}

  open(): DashboardPanel {
    if (this.current !== undefined) {
      this.current.panel.panel.reveal();
      return this.current.panel;
    }
    const feed = this.createFeed();
    return this.track(
      DashboardPanel.create(this.extensionUri, feed, this.handler(feed), this.log.for('dashboard')),
      feed,
    );
  }

  restore(webviewPanel: vscode.WebviewPanel): void {
    this.current?.panel.dispose();
    const feed = this.createFeed();
    this.track(
      new DashboardPanel(
        webviewPanel,
        this.extensionUri,
        feed,
        this.handler(feed),
        this.log.for('dashboard'),
      ),
      feed,
    );
  }

  private createFeed(): DashboardFeed {
    return new DashboardFeed(this.services, this.log.for('dashboard'));
  }

  private handler(feed: DashboardFeed) {
    const model = () => this.services.workspace.model;
    const context: PageRequestContext = {
      model,
      render: (dir: string) => this.services.renders.render(dir),
      feed,
      findApplication: (name, file) => {
        const applications = this.services.catalog.current.applications;
        return applications.find((candidate) => candidate.name === name && candidate.file === file);
      },
      findTagChange: (environment, image, commit) => {
        return findImageChange(model(), environment, image, commit);
      },
    };
    return (message: Parameters<typeof handlePageRequest>[1], panel: DashboardPanel) => {
      return handlePageRequest(context, message, panel);
    };
  }

  private track(panel: DashboardPanel, feed: DashboardFeed): DashboardPanel {
    this.current = { panel, feed };
    panel.onDidClose(() => {
      feed.dispose();
      if (this.current?.panel === panel) {
        this.current = undefined;
      }
    });
    return panel;
  }

  dispose(): void {
    this.current?.panel.dispose();
    this.current = undefined;
  }
}
