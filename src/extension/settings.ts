import * as vscode from 'vscode';
import type { EngineChoice, RenderSettings } from '../core/render/settings';
import { renderSettings } from '../core/render/settings';
import { settingKeys, settingsSection } from './ids';

const engineChoices: readonly EngineChoice[] = ['auto', 'kustomize', 'kubectl'];

/** Reads the `gitops.kustomize.*` settings that apply to a file or folder. */
export function readRenderSettings(scope: vscode.Uri | undefined): RenderSettings {
  const config = vscode.workspace.getConfiguration(settingsSection, scope);
  const engine = config.get<string>(settingKeys.engine, 'auto');
  const timeoutSeconds = config.get<number>(settingKeys.timeoutSeconds, 30);

  return renderSettings({
    engine: engineChoices.includes(engine as EngineChoice) ? (engine as EngineChoice) : 'auto',
    binaryPath: config.get<string>(settingKeys.binaryPath, '').trim(),
    buildOptions: config.get<string>(settingKeys.buildOptions, ''),
    timeoutMs: Math.max(1, timeoutSeconds) * 1000,
  });
}

/** Environment names in promotion order, from `gitops.environments.order`. */
export function readEnvironmentOrder(): string[] {
  const config = vscode.workspace.getConfiguration(settingsSection);
  const order = config.get<unknown>(settingKeys.environmentOrder, []);
  return Array.isArray(order) ? order.filter((name) => typeof name === 'string') : [];
}

/** Milliseconds the preview waits after the last edit before rendering again. */
export function readPreviewDelayMs(): number {
  const config = vscode.workspace.getConfiguration(settingsSection);
  return Math.max(0, config.get<number>(settingKeys.previewDelayMs, 200));
}

/** True when a configuration change touches any setting the render reads. */
export function affectsRender(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${settingsSection}.kustomize`);
}
