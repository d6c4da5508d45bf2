import * as vscode from 'vscode';
import { commandIds, treeItemContexts } from '../ids';
import type { ApplicationNode } from './applicationNodes';
import {
  applicationNodeId,
  describeDestination,
  describeSource,
  describeSyncPolicy,
} from './applicationNodes';
import { openFileCommand } from './locations';

const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
const leaf = vscode.TreeItemCollapsibleState.None;

/** Maps a node of the Applications view to the item the view shows. */
export function applicationTreeItem(node: ApplicationNode): vscode.TreeItem {
  const item = describeNode(node);
  item.id = applicationNodeId(node);
  return item;
}

function describeNode(node: ApplicationNode): vscode.TreeItem {
  switch (node.type) {
    case 'application':
      return applicationItem(node);
    case 'destination':
      return detailItem('Destination', describeDestination(node.application), 'server');
    case 'source':
      return sourceItem(node);
    case 'syncPolicy':
      return syncPolicyItem(node);
    case 'environmentLink':
      return environmentLinkItem(node);
    case 'group':
      return groupItem(node.group);
    case 'project':
      return projectItem(node);
    case 'message':
      return detailItem(node.text, '', 'info');
  }
}

function applicationItem(node: Extract<ApplicationNode, { type: 'application' }>): vscode.TreeItem {
  const application = node.application;
  const item = new vscode.TreeItem(application.name, collapsed);
  const isSet = application.kind === 'ApplicationSet';
  item.description = isSet ? 'ApplicationSet' : (application.project ?? '');
  const place = `${application.file}:${application.line}`;
  item.tooltip = `${application.kind} ${application.name} in ${place}`;
  item.iconPath = new vscode.ThemeIcon(application.kind === 'ApplicationSet' ? 'files' : 'rocket');
  item.contextValue = treeItemContexts.application;
  item.resourceUri = vscode.Uri.file(application.file);
  item.command = openFileCommand(application.file, application.range);
  return item;
}

function detailItem(label: string, description: string, icon: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, leaf);
  item.description = description;
  item.tooltip = description === '' ? label : `${label}: ${description}`;
  item.iconPath = new vscode.ThemeIcon(icon);
  return item;
}

function sourceItem(node: Extract<ApplicationNode, { type: 'source' }>): vscode.TreeItem {
  const source = node.source;
  const label = source.index === undefined ? 'Source' : `Source ${source.index + 1}`;
  const resolution = source.resolution;
  const icon = resolution.kind === 'resolved' ? 'repo' : 'warning';
  const item = detailItem(label, describeSource(source), icon);

  if (resolution.kind === 'resolved') {
    const folder = `${resolution.localPath} (${resolution.sourceType})`;
    item.tooltip = `${describeSource(source)}\nLocal folder: ${folder}`;
    item.command = openFileCommand(node.application.file, source.range);
  } else {
    item.description = `${describeSource(source)}: unresolved`;
    item.tooltip = `${describeSource(source)}\nNot resolved: ${resolution.reason}`;
  }
  return item;
}

function syncPolicyItem(node: Extract<ApplicationNode, { type: 'syncPolicy' }>): vscode.TreeItem {
  const item = detailItem('Sync policy', describeSyncPolicy(node.application), 'sync');
  const options = node.application.syncPolicy?.syncOptions ?? [];
  if (options.length > 0) {
    item.description = `${describeSyncPolicy(node.application)}; ${options.join(', ')}`;
    item.tooltip = `Sync options: ${options.join(', ')}`;
  }
  return item;
}

function environmentLinkItem(
  node: Extract<ApplicationNode, { type: 'environmentLink' }>,
): vscode.TreeItem {
  const item = detailItem('Environment', node.environment.name, 'layers');
  item.tooltip = node.environment.kustomizationFile;
  item.command = {
    title: 'Open Kustomization',
    command: commandIds.openKustomization,
    arguments: [node.environment.kustomizationFile],
  };
  return item;
}

function groupItem(group: 'applicationSets' | 'projects'): vscode.TreeItem {
  const label = group === 'projects' ? 'AppProjects' : 'ApplicationSets';
  const item = new vscode.TreeItem(label, collapsed);
  item.iconPath = new vscode.ThemeIcon(group === 'projects' ? 'project' : 'files');
  return item;
}

function projectItem(node: Extract<ApplicationNode, { type: 'project' }>): vscode.TreeItem {
  const project = node.project;
  const item = new vscode.TreeItem(project.name, leaf);
  item.description = project.namespace ?? '';
  item.tooltip = `AppProject ${project.name} in ${project.file}:${project.line}`;
  item.iconPath = new vscode.ThemeIcon('project');
  item.command = openFileCommand(project.file, project.range);
  return item;
}
