/** The build program choice, mirroring the setting `gitops.kustomize.engine`. */
export type EngineChoice = 'auto' | 'kustomize' | 'kubectl';

/** The program that actually ran: `kustomize build` or `kubectl kustomize`. */
export type EngineKind = 'kustomize' | 'kubectl';

/** Names of the caller's own knobs for the engine settings, as messages should quote them. */
export interface RenderSettingNames {
  readonly engine: string;
  readonly binaryPath: string;
  readonly buildOptions: string;
}

/** The editor setting names, quoted in messages unless a caller passes its own. */
export const editorSettingNames: RenderSettingNames = {
  engine: '`gitops.kustomize.engine`',
  binaryPath: '`gitops.kustomize.path`',
  buildOptions: '`gitops.kustomize.buildOptions`',
};

/** Options of a render, mirroring the `gitops.kustomize.*` settings. */
export interface RenderSettings {
  /** `gitops.kustomize.engine`. */
  readonly engine: EngineChoice;
  /** `gitops.kustomize.path`: an explicit binary. Empty means look the engine up on PATH. */
  readonly binaryPath: string;
  /**
   * `gitops.kustomize.buildOptions`: extra flags in Argo CD's `kustomize.buildOptions`
   * convention, such as `--enable-helm --load-restrictor LoadRestrictionsNone`.
   */
  readonly buildOptions: string;
  /** Milliseconds before the build is killed. */
  readonly timeoutMs: number;
  /** Maximum bytes of standard output. A larger build is killed and reported as failed. */
  readonly maxOutputBytes: number;
  /** Knob names that error messages quote, such as CLI flags; `editorSettingNames` when unset. */
  readonly settingNames?: RenderSettingNames;
}

export const defaultRenderSettings: RenderSettings = {
  engine: 'auto',
  binaryPath: '',
  buildOptions: '',
  timeoutMs: 30_000,
  maxOutputBytes: 64 * 1024 * 1024,
};

/** Fills the options a caller left out with the defaults. */
export function renderSettings(partial: Partial<RenderSettings> = {}): RenderSettings {
  return { ...defaultRenderSettings, ...partial };
}
