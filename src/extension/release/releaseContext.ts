import type { ComponentLog } from '../log';
import type { Session } from '../session';
import type { VirtualDocuments } from './virtualDocuments';

/** The services the release commands share. */
export interface ReleaseContext {
  readonly session: Session;
  readonly log: ComponentLog;
  readonly documents: VirtualDocuments;
  /** Fires after a release command committed or wrote a kustomization. */
  readonly onDidRelease: () => void;
}
