import type { Renderer } from '../../core/render/renderer';
import type { ComponentLog } from '../log';
import type { Session } from '../session';
import type { VirtualDocuments } from './virtualDocuments';

/** The services the release commands share. */
export interface ReleaseContext {
  readonly session: Session;
  readonly log: ComponentLog;
  readonly documents: VirtualDocuments;
  /**
   * Renders a target with its planned kustomization text. It is separate from the view's
   * RenderService, whose overrides come only from open editors.
   */
  readonly renderer: Renderer;
  /** Fires after a release command committed or wrote a kustomization. */
  readonly onDidRelease: () => void;
}
