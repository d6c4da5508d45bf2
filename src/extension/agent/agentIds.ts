/** Commands of the sync agent, as package.json declares them. */
export const agentCommandIds = {
  sync: 'gitops.syncApplication',
  diff: 'gitops.diffApplication',
  pause: 'gitops.pauseAgent',
  resume: 'gitops.resumeAgent',
  showStatus: 'gitops.showAgentStatus',
} as const;

/** Context key that is true while the agent is paused; package.json menus read it. */
export const agentPausedKey = 'gitops:agentPaused';

/** URI scheme of the read-only live and desired documents of Diff Application Against Cluster. */
export const driftScheme = 'gitops-drift';
