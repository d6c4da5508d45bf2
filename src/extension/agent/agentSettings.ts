import * as vscode from 'vscode';
import { settingsSection } from '../ids';

/** Setting names below `gitops.` that the cluster connection and the sync agent read. */
export const agentSettingKeys = {
  kubeconfig: 'cluster.kubeconfig',
  context: 'cluster.context',
  servers: 'cluster.servers',
  enabled: 'sync.enabled',
  allowedContexts: 'sync.allowedContexts',
  pollSeconds: 'sync.pollSeconds',
  allowForeignObjects: 'sync.allowForeignObjects',
} as const;

export interface AgentSettings {
  /** Empty strings are left out, so the kubeconfig defaults apply. */
  readonly connection: { kubeconfig?: string; context?: string };
  /** Argo CD destination server URLs or cluster names mapped to kubeconfig context names. */
  readonly servers: Readonly<Record<string, string>>;
  readonly enabled: boolean;
  readonly allowedContexts: readonly string[];
  readonly pollMs: number;
  readonly allowForeignObjects: boolean;
}

/** Shortest poll interval in seconds, so a mistyped value cannot flood the API server. */
const minimumPollSeconds = 5;

export function readAgentSettings(): AgentSettings {
  const config = vscode.workspace.getConfiguration(settingsSection);
  const kubeconfig = config.get<string>(agentSettingKeys.kubeconfig, '').trim();
  const context = config.get<string>(agentSettingKeys.context, '').trim();
  const connection: { kubeconfig?: string; context?: string } = {};
  if (kubeconfig !== '') {
    connection.kubeconfig = kubeconfig;
  }
  if (context !== '') {
    connection.context = context;
  }

  const pollSeconds = config.get<number>(agentSettingKeys.pollSeconds, 30);
  return {
    connection,
    servers: stringRecord(config.get<unknown>(agentSettingKeys.servers, {})),
    enabled: config.get<boolean>(agentSettingKeys.enabled, false),
    allowedContexts: stringList(config.get<unknown>(agentSettingKeys.allowedContexts, [])),
    pollMs: Math.max(minimumPollSeconds, pollSeconds) * 1000,
    allowForeignObjects: config.get<boolean>(agentSettingKeys.allowForeignObjects, false),
  };
}

/** True when a configuration change touches a setting the agent reads. */
export function affectsAgent(event: vscode.ConfigurationChangeEvent): boolean {
  const cluster = event.affectsConfiguration(`${settingsSection}.cluster`);
  return cluster || event.affectsConfiguration(`${settingsSection}.sync`);
}

/** Explains why the agent may not apply on `context`, or returns undefined when it may. */
export function applyBlockedReason(settings: AgentSettings, context: string): string | undefined {
  if (!settings.allowedContexts.includes(context)) {
    return `context ${context} is not listed in gitops.sync.allowedContexts`;
  }
  return settings.enabled ? undefined : 'gitops.sync.enabled is off';
}

function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) {
    return record;
  }
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') {
      record[key.replace(/\/+$/, '')] = entry;
    }
  }
  return record;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
