import type { LiveApplication } from './application';
import type { ApplicationIdentity } from './matching';
import { matchApplication } from './matching';

/** Value of the `gitops.argocd.mode` setting. */
export type ArgoCdModeSetting = 'auto' | 'on' | 'off';

export interface ModeDecision {
  readonly active: boolean;
  /** A sentence for the log and the status bar tooltip. */
  readonly reason: string;
}

/**
 * Decides whether Argo CD mode is on. `auto` turns it on when the cluster serves Applications
 * and at least one of them matches a workspace Application; `on` only needs the resource type.
 */
export function decideMode(
  setting: ArgoCdModeSetting,
  served: boolean,
  workspace: readonly ApplicationIdentity[],
  live: readonly LiveApplication[],
): ModeDecision {
  if (setting === 'off') {
    return { active: false, reason: 'gitops.argocd.mode is off' };
  }
  if (!served) {
    return {
      active: false,
      reason: 'the cluster does not serve applications.argoproj.io (Argo CD is not installed)',
    };
  }
  if (setting === 'on') {
    return { active: true, reason: 'gitops.argocd.mode is on' };
  }

  const matched = workspace.filter((identity) => matchApplication(identity, live) !== undefined);
  if (matched.length === 0) {
    return {
      active: false,
      reason: `none of the ${live.length} Applications on the cluster matches a workspace Application`,
    };
  }
  return { active: true, reason: `${matched.length} workspace Applications exist on the cluster` };
}
