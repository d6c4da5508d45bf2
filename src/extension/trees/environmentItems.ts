import * as vscode from 'vscode';
import type { RenderResult } from '../../core/render/renderResult';
import type { Environment } from '../../core/workspace/environments';
import { commandIds, treeItemContexts } from '../ids';
import type { EnvironmentNode, MessageNode } from './environmentNodes';
import { environmentNodeId } from './environmentNodes';
import { entryRow, renderedRow } from './imageRows';
import { openFileAtLineCommand, openFileCommand } from './locations';
import { readRenderedOutput } from './renderedObjects';

type LastResult = (dir: string) => RenderResult | undefined;

const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
const leaf = vscode.TreeItemCollapsibleState.None;

/**
 * Colour of the resource icons. Themes colour `symbol-*` codicons by symbol kind (orange for
 * classes in the default themes), which reads like a warning in a tree that also shows drift.
 */
const neutralIconColor = new vscode.ThemeColor('icon.foreground');

/** A node the view maps itself; contributed nodes are mapped by their contributor. */
export type BuiltInNode = Exclude<EnvironmentNode, { type: 'contributed' }>;

/** Maps a node of the Environments view to the item the view shows. */
export function environmentTreeItem(node: BuiltInNode, lastResult: LastResult): vscode.TreeItem {
  const item = describeNode(node, lastResult);
  item.id = environmentNodeId(node);
  return item;
}

function describeNode(node: BuiltInNode, lastResult: LastResult): vscode.TreeItem {
  switch (node.type) {
    case 'environment':
      return environmentItem(node.environment);
    case 'images':
      return groupItem('Images', 'package');
    case 'applications':
      return groupItem('Applications', 'rocket');
    case 'resources':
      return resourcesItem(lastResult(node.environment.dir));
    case 'image':
      return imageItem(node);
    case 'renderedImage':
      return renderedImageItem(node);
    case 'application':
      return applicationItem(node);
    case 'kind':
      return kindItem(node.kind, node.objects.length);
    case 'object':
      return objectItem(node);
    case 'message':
      return messageItem(node);
  }
}

function environmentItem({ name, dir, kustomizationFile }: Environment): vscode.TreeItem {
  const item = new vscode.TreeItem(name, collapsed);
  item.description = vscode.workspace.asRelativePath(dir, true);
  item.tooltip = kustomizationFile;
  item.iconPath = new vscode.ThemeIcon('layers');
  item.contextValue = treeItemContexts.environment;
  item.resourceUri = vscode.Uri.file(kustomizationFile);
  item.command = {
    title: 'Open Kustomization',
    command: commandIds.openKustomization,
    arguments: [kustomizationFile],
  };
  return item;
}

function groupItem(label: string, icon: string, color?: vscode.ThemeColor): vscode.TreeItem {
  const item = new vscode.TreeItem(label, collapsed);
  item.iconPath = new vscode.ThemeIcon(icon, color);
  return item;
}

function resourcesItem(result: RenderResult | undefined): vscode.TreeItem {
  const item = groupItem('Resources', 'symbol-class', neutralIconColor);
  if (result?.ok === true) {
    item.description = `${readRenderedOutput(result.yaml).objects.length} objects`;
  } else if (result !== undefined) {
    item.description = 'render failed';
  }
  return item;
}

function imageItem(node: Extract<EnvironmentNode, { type: 'image' }>): vscode.TreeItem {
  const file = node.environment.kustomizationFile;
  const row = entryRow(node.entry, node.rendered, node.label, file);
  const item = new vscode.TreeItem(row.label, leaf);
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.iconPath = new vscode.ThemeIcon('tag');
  item.contextValue = treeItemContexts.image;
  item.command = openFileCommand(file, node.entry.range);
  return item;
}

function renderedImageItem(
  node: Extract<EnvironmentNode, { type: 'renderedImage' }>,
): vscode.TreeItem {
  const row = renderedRow(node.image, node.label);
  const item = new vscode.TreeItem(row.label, leaf);
  item.description = row.description;
  item.tooltip = row.tooltip;
  item.iconPath = new vscode.ThemeIcon('package');
  return item;
}

function applicationItem(node: Extract<EnvironmentNode, { type: 'application' }>): vscode.TreeItem {
  const application = node.application;
  const item = new vscode.TreeItem(application.name, leaf);
  const destination = application.destination;
  item.description = destination?.namespace ?? '';
  item.tooltip = `${application.file}:${application.line}`;
  item.iconPath = new vscode.ThemeIcon('rocket');
  item.contextValue = treeItemContexts.application;
  item.command = openFileCommand(application.file, application.range);
  return item;
}

function kindItem(kind: string, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem(kind, collapsed);
  item.description = String(count);
  item.iconPath = new vscode.ThemeIcon('symbol-namespace', neutralIconColor);
  return item;
}

function objectItem(node: Extract<EnvironmentNode, { type: 'object' }>): vscode.TreeItem {
  const object = node.object;
  const item = new vscode.TreeItem(object.name, leaf);
  item.description = object.namespace ?? '';
  item.iconPath = new vscode.ThemeIcon('symbol-field', neutralIconColor);
  item.contextValue = treeItemContexts.resource;
  item.command = {
    title: 'Show in Preview',
    command: commandIds.openPreview,
    arguments: [{ dir: node.environment.dir, line: object.line }],
  };
  return item;
}

const severityIcons: Record<MessageNode['severity'], vscode.ThemeIcon> = {
  info: new vscode.ThemeIcon('info'),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, leaf);
  item.tooltip = node.detail === undefined || node.detail === '' ? node.text : node.detail;
  item.iconPath = severityIcons[node.severity];
  if (node.file !== undefined) {
    item.command = openFileAtLineCommand(node.file, node.line);
  }
  return item;
}
