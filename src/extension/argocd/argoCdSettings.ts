import * as vscode from 'vscode';
import type { ArgoCdModeSetting } from '../../core/argocd/mode';
import { settingsSection } from '../ids';

export const argoCdSettingKeys = {
  mode: 'argocd.mode',
  url: 'argocd.url',
  /** Read when declared elsewhere: the kubeconfig file and context of the cluster. */
  kubeconfig: 'cluster.kubeconfig',
  context: 'cluster.context',
} as const;

export interface ArgoCdSettings {
  readonly mode: ArgoCdModeSetting;
  /** Base URL of the Argo CD web UI without a trailing slash; empty when unset. */
  readonly url: string;
  readonly connection: { kubeconfig?: string; context?: string };
}

const modes: readonly ArgoCdModeSetting[] = ['auto', 'on', 'off'];

export function readArgoCdSettings(): ArgoCdSettings {
  const config = vscode.workspace.getConfiguration(settingsSection);
  const mode = config.get<string>(argoCdSettingKeys.mode, 'auto');
  const kubeconfig = config.get<string>(argoCdSettingKeys.kubeconfig, '').trim();
  const context = config.get<string>(argoCdSettingKeys.context, '').trim();

  const connection: { kubeconfig?: string; context?: string } = {};
  if (kubeconfig !== '') {
    connection.kubeconfig = kubeconfig;
  }
  if (context !== '') {
    connection.context = context;
  }
  return {
    mode: modes.includes(mode as ArgoCdModeSetting) ? (mode as ArgoCdModeSetting) : 'auto',
    url: config.get<string>(argoCdSettingKeys.url, '').trim().replace(/\/+$/, ''),
    connection,
  };
}

/** True when a configuration change touches a setting Argo CD mode reads. */
export function affectsArgoCd(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration(`${settingsSection}.argocd`) ||
    event.affectsConfiguration(`${settingsSection}.cluster`)
  );
}
