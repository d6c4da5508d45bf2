import * as vscode from 'vscode';
import type { ResolvedApplication } from '../../core/argo/resolve';

/** A status the views show beside a node: text, hover lines and an icon colour. */
export interface TreeStatus {
  /** Short text appended to the node's description, e.g. `OutOfSync · Healthy`. */
  readonly description: string;
  readonly tooltip: string;
  readonly severity: 'ok' | 'progressing' | 'outOfSync' | 'error' | 'unknown';
}

/**
 * Source of statuses that the Applications and Environments views consult for each node.
 * Each method returns undefined when it has nothing to say about the node.
 */
export interface TreeStatusProvider {
  applicationStatus(application: ResolvedApplication): TreeStatus | undefined;
  /** Status of an environment: its folder is the Application source folder. */
  environmentStatus(dir: string): TreeStatus | undefined;
  /** Status of one rendered object of an environment. */
  resourceStatus(dir: string, kind: string, name: string): TreeStatus | undefined;
  readonly onDidChange: vscode.Event<void>;
}

const severityColors: Readonly<Record<TreeStatus['severity'], string | undefined>> = {
  ok: 'testing.iconPassed',
  progressing: 'charts.blue',
  outOfSync: 'list.warningForeground',
  error: 'list.errorForeground',
  unknown: undefined,
};

/** Adds a status to a tree item: description, tooltip and the colour of its icon. */
export function decorateItem(
  item: vscode.TreeItem,
  status: TreeStatus | undefined,
): vscode.TreeItem {
  if (status === undefined) {
    return item;
  }
  const description = typeof item.description === 'string' ? item.description : '';
  item.description =
    description === '' ? status.description : `${description} · ${status.description}`;
  const tooltip = typeof item.tooltip === 'string' ? item.tooltip : '';
  item.tooltip = tooltip === '' ? status.tooltip : `${tooltip}\n${status.tooltip}`;

  const color = severityColors[status.severity];
  if (item.iconPath instanceof vscode.ThemeIcon && color !== undefined) {
    item.iconPath = new vscode.ThemeIcon(item.iconPath.id, new vscode.ThemeColor(color));
  }
  return item;
}

/** Returns the first status any provider gives. */
export function firstStatus(
  providers: readonly TreeStatusProvider[],
  read: (provider: TreeStatusProvider) => TreeStatus | undefined,
): TreeStatus | undefined {
  for (const provider of providers) {
    const status = read(provider);
    if (status !== undefined) {
      return status;
    }
  }
  return undefined;
}
