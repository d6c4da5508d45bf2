/** Command, view, setting and context-key ids, in one place so package.json and code agree. */

export const extensionId = 'gitops-workbench.gitops-workbench';

export const commandIds = {
  refresh: 'gitops.refresh',
  openPreview: 'gitops.openPreview',
  openKustomization: 'gitops.openKustomization',
  showLog: 'gitops.showLog',
} as const;

export const viewIds = {
  container: 'gitops',
  environments: 'gitops.environments',
  applications: 'gitops.applications',
} as const;

export const contextKeys = {
  state: 'gitops:state',
  untrusted: 'gitops:untrusted',
} as const;

export const settingsSection = 'gitops';
