import * as vscode from 'vscode';
import { settingsSection } from '../ids';
import { releaseSettingKeys } from './releaseIds';

/** The `gitops.promote.*` settings. */
export interface ReleaseSettings {
  /** `current` commits on the checked-out branch, `new` on a new `promote/<env>-<tag>` branch. */
  readonly branch: 'current' | 'new';
  /** Commit message with `${source}`-style placeholders; empty means the built-in message. */
  readonly messageTemplate: string;
  /** Suffix of traceable tags; empty means a new random suffix each time. */
  readonly runId: string;
  /** Folder of the application's source repository; empty means every other workspace folder. */
  readonly sourceRepository: string;
}

export function readReleaseSettings(scope?: vscode.Uri): ReleaseSettings {
  const config = vscode.workspace.getConfiguration(settingsSection, scope);
  const branch = config.get<string>(releaseSettingKeys.branch, 'current');

  return {
    branch: branch === 'new' ? 'new' : 'current',
    messageTemplate: config.get<string>(releaseSettingKeys.messageTemplate, '').trim(),
    runId: config.get<string>(releaseSettingKeys.runId, '').trim(),
    sourceRepository: config.get<string>(releaseSettingKeys.sourceRepository, '').trim(),
  };
}
