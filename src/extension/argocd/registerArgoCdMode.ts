import * as vscode from 'vscode';
import type { ApplicationIdentity } from '../../core/argocd/matching';
import type { ArgoCdStatus } from '../../core/argocd/summary';
import type { ResolvedApplication } from '../../core/argo/resolve';
import type { CommandRunner } from '../commandRunner';
import type { Log } from '../log';
import type { Session } from '../session';
import { registerArgoCdCommands } from './argoCdCommands';
import { affectsArgoCd } from './argoCdSettings';
import { ArgoCdService } from './argoCdService';
import type { ArgoCdStatusBarContent } from './argoCdStatusBar';
import { ArgoCdStatusBar } from './argoCdStatusBar';

/** The Argo CD mode interface for other parts of the extension. */
export interface ArgoCdMode extends vscode.Disposable {
  /** The local sync agent calls this and skips Applications for which it returns true. */
  isManagedByArgoCd(application: ApplicationIdentity): boolean;
  /** The Applications view calls this to decorate an Application; undefined when not managed. */
  statusFor(application: ResolvedApplication): ArgoCdStatus | undefined;
  /** Fires when any status returned by `statusFor` may have changed. */
  readonly onDidChange: vscode.Event<void>;
  /** The mode decision, whether a cluster connection is open, and the status bar item. */
  state(): ArgoCdModeState;
}

export interface ArgoCdModeState {
  readonly active: boolean;
  /** Reason the mode is on or off, e.g. `gitops.argocd.mode is off`. */
  readonly reason: string;
  readonly connected: boolean;
  readonly statusBar: ArgoCdStatusBarContent;
}

/**
 * Starts Argo CD mode: detection on the configured context, the Application watch, the status
 * bar item and the Sync, Refresh and Open commands. It restarts when its settings change.
 */
export function registerArgoCdMode(session: Session, runner: CommandRunner, log: Log): ArgoCdMode {
  const componentLog = log.for('argocd');
  const service = new ArgoCdService(session.catalog, componentLog);
  const statusBar = new ArgoCdStatusBar(service);
  const disposables: vscode.Disposable[] = [service, statusBar];
  disposables.push(...registerArgoCdCommands(runner, service, componentLog));

  const restart = () => {
    service
      .restart()
      .catch((error: unknown) => componentLog.error('starting Argo CD mode failed', error));
  };
  disposables.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsArgoCd(event)) {
        restart();
      }
    }),
  );
  restart();

  return {
    isManagedByArgoCd: (application) => service.isManagedByArgoCd(application),
    statusFor: (application) => service.statusFor(application),
    onDidChange: service.onDidChange,
    state: () => ({
      active: service.mode.active,
      reason: service.mode.reason,
      connected: service.connection !== undefined,
      statusBar: statusBar.content,
    }),
    dispose: () => vscode.Disposable.from(...disposables.reverse()).dispose(),
  };
}
