/** Command, view, setting and context ids of Set Image Tag, Promote and tag history. */

export const releaseCommandIds = {
  setImageTag: 'gitops.setImageTag',
  promote: 'gitops.promote',
  showHistory: 'gitops.showHistory',
  rollbackTag: 'gitops.rollbackTag',
} as const;

export const tagHistoryViewId = 'gitops.tagHistory';

/** `contextValue` of a tag change in the Tag History view, matched by its context menu. */
export const tagChangeContext = 'gitops.tagChange';

/** URI scheme of the read-only documents that promotion diffs compare. */
export const releaseScheme = 'gitops-release';

/** Setting names below `gitops.`, as package.json declares them. */
export const releaseSettingKeys = {
  branch: 'promote.branch',
  messageTemplate: 'promote.messageTemplate',
  runId: 'promote.runId',
  sourceRepository: 'promote.sourceRepository',
} as const;
