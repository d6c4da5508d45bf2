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
  /** `loading`, `empty`, `ready` or `error`; drives the views' welcome content. */
  state: 'gitops:state',
  untrusted: 'gitops:untrusted',
} as const;

/** Values of the `gitops:state` context key. */
export type WorkspaceState = 'loading' | 'empty' | 'ready' | 'error';

export const settingsSection = 'gitops';

/** Setting names below `gitops.`, as package.json declares them. */
export const settingKeys = {
  engine: 'kustomize.engine',
  binaryPath: 'kustomize.path',
  buildOptions: 'kustomize.buildOptions',
  timeoutSeconds: 'kustomize.timeoutSeconds',
  environmentOrder: 'environments.order',
  previewDelayMs: 'preview.debounceMilliseconds',
} as const;

/** URI scheme of the read-only Kustomize preview documents. */
export const previewScheme = 'gitops-preview';

/** `contextValue`s of tree items, matched by `view/item/context` menus in package.json. */
export const treeItemContexts = {
  environment: 'gitops.environment',
  image: 'gitops.image',
  application: 'gitops.application',
  resource: 'gitops.resource',
} as const;
