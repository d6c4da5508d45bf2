import * as vscode from 'vscode';
import type { FromPageMessage, ToPageMessage } from '../../shared/dashboardProtocol';
import { dashboardViewType, isFromPageMessage } from '../../shared/dashboardProtocol';
import type { ComponentLog } from '../log';
import { describeError } from '../log';
import type { DashboardFeed } from './dashboardFeed';
import { dashboardHtml, localResourceRoots } from './html';

/** Runs one request of the page, such as a promotion; resolves when the editor command finished. */
export type PageRequestHandler = (message: FromPageMessage, panel: DashboardPanel) => Promise<void>;

/**
 * One dashboard webview panel. It pushes every snapshot of the feed to the page and passes the
 * page's requests to the handler. Messages that do not match the protocol are logged and dropped.
 */
export class DashboardPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  private disposed = false;

  /** Fires once when the user closes the panel or it is disposed. */
  readonly onDidClose = this.closeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly feed: DashboardFeed,
    private readonly handle: PageRequestHandler,
    private readonly log: ComponentLog,
  ) {
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: localResourceRoots(extensionUri),
    };
    panel.webview.html = dashboardHtml(panel.webview, extensionUri);

    panel.webview.onDidReceiveMessage(
      (message: unknown) => this.receive(message),
      undefined,
      this.disposables,
    );
    feed.onDidChange(
      (snapshot) => void this.post({ type: 'snapshot', snapshot }),
      undefined,
      this.disposables,
    );
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** Creates a panel beside the active editor. */
  static create(
    extensionUri: vscode.Uri,
    feed: DashboardFeed,
    handle: PageRequestHandler,
    log: ComponentLog,
  ): DashboardPanel {
    const options = {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: localResourceRoots(extensionUri),
    };
    const panel = vscode.window.createWebviewPanel(
      dashboardViewType,
      'GitOps Dashboard',
      vscode.ViewColumn.Active,
      options,
    );
    return new DashboardPanel(panel, extensionUri, feed, handle, log);
  }

  /** Sends a message to the page; returns false when the page is gone. */
  post(message: ToPageMessage): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isFromPageMessage(message)) {
      this.log.warn(
        `dropped a dashboard message that is not in the protocol: ${JSON.stringify(message)}`,
      );
      return;
    }
    if (message.type === 'ready') {
      // The feed fires the new snapshot to every panel, this one included.
      void this.feed.refresh(false);
      return;
    }

    this.handle(message, this).catch(async (error: unknown) => {
      this.log.error(`dashboard request ${message.type} failed`, error);
      await vscode.window.showErrorMessage(`GitOps dashboard: ${describeError(error)}`);
    });
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.closeEmitter.fire();
    this.closeEmitter.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
    this.disposables.length = 0;
    this.panel.dispose();
  }
}
