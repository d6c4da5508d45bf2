import * as vscode from 'vscode';
import type { CommandRunner } from '../commandRunner';
import type { Log } from '../log';
import type { Session } from '../session';
import { kustomizationSelector, ReleaseCodeLensProvider } from './codeLens';
import { rollbackTag, showHistory } from './history';
import { EnvironmentHistoryContributor, TagHistoryProvider } from './historyTree';
import { TagHoverProvider } from './hover';
import { promote } from './promote';
import type { ReleaseContext } from './releaseContext';
import { releaseCommandIds, tagHistoryViewId } from './releaseIds';
import { setImageTag } from './setImageTag';
import { VirtualDocuments } from './virtualDocuments';

/**
 * Registers Set Image Tag, Promote, Show Tag History and Roll Back to This Tag, the CodeLens and
 * hover on `images:` entries, and the Tag History view. Every command accepts an optional
 * arguments object so it can run without prompts.
 */
export function registerRelease(
  session: Session,
  runner: CommandRunner,
  log: Log,
): vscode.Disposable {
  const releaseLog = log.for('release');
  const documents = new VirtualDocuments();
  const history = new TagHistoryProvider(session.workspace);
  const environmentHistory = new EnvironmentHistoryContributor(session.workspace);
  const context: ReleaseContext = {
    session,
    log: releaseLog,
    documents,
    onDidRelease: () => {
      history.refresh();
      environmentHistory.refresh();
    },
  };

  const disposables: vscode.Disposable[] = [documents, history, environmentHistory];
  disposables.push(session.environmentsTree.addChildContributor(environmentHistory));
  disposables.push(
    runner.register(releaseCommandIds.setImageTag, (argument: unknown) => {
      return setImageTag(session, releaseLog, argument);
    }),
    runner.register(releaseCommandIds.promote, (argument: unknown) => promote(context, argument)),
    runner.register(releaseCommandIds.showHistory, (argument: unknown) => {
      return showHistory(context, argument);
    }),
    runner.register(releaseCommandIds.rollbackTag, (argument: unknown) => {
      return rollbackTag(context, argument);
    }),
  );

  const codeLens = new ReleaseCodeLensProvider(session.workspace);
  const hover = new TagHoverProvider(session.workspace, releaseLog);
  disposables.push(
    codeLens,
    vscode.languages.registerCodeLensProvider(kustomizationSelector, codeLens),
    vscode.languages.registerHoverProvider(kustomizationSelector, hover),
    vscode.window.createTreeView(tagHistoryViewId, { treeDataProvider: history }),
  );
  return vscode.Disposable.from(...disposables.reverse());
}
