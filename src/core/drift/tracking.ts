import type { JsonObject } from './types';
import { childObject, childString, cloneJson } from './types';

/**
 * Label that marks objects a sync of this project applied, with the Application name as value.
 * Only objects carrying it are ever pruned. Argo CD's own `app.kubernetes.io/instance` is left
 * alone, so both tools can tell their objects apart.
 */
export const trackingLabel = 'gitops-workbench/application';

const argoTrackingAnnotation = 'argocd.argoproj.io/tracking-id';
const argoInstanceLabel = 'app.kubernetes.io/instance';

/** Returns a copy of `manifest` with the tracking label set to `application`. */
export function withTrackingLabel(manifest: JsonObject, application: string): JsonObject {
  const copy = cloneJson(manifest);
  const metadata = childObject(copy, 'metadata') ?? {};
  const labels = childObject(metadata, 'labels') ?? {};
  labels[trackingLabel] = application;
  metadata['labels'] = labels;
  copy['metadata'] = metadata;
  return copy;
}

/** Tells whether `live` carries this project's tracking label for `application`. */
export function isTrackedBy(live: JsonObject, application: string): boolean {
  const labels = childObject(childObject(live, 'metadata'), 'labels');
  return childString(labels, trackingLabel) === application;
}

/**
 * Describes who else tracks `live` when that is not `application`: another Application of this
 * project, or an Argo CD Application (tracking annotation or instance label). Returns undefined
 * when the object is free or already ours.
 */
export function foreignTracker(live: JsonObject, application: string): string | undefined {
  const metadata = childObject(live, 'metadata');
  const labels = childObject(metadata, 'labels');
  const annotations = childObject(metadata, 'annotations');

  const ours = childString(labels, trackingLabel);
  if (ours !== undefined && ours !== application) {
    return `Application "${ours}" of GitOps Workbench (label ${trackingLabel})`;
  }

  // The tracking id is `<app>:<group>/<kind>:<namespace>/<name>`; Argo CD writes the app as
  // `<namespace>_<name>` when Applications live outside its own namespace.
  const trackingId = childString(annotations, argoTrackingAnnotation);
  const argoApp = trackingId?.split(':')[0];
  if (argoApp !== undefined && argoApp !== application && !argoApp.endsWith(`_${application}`)) {
    return `Argo CD Application "${argoApp}" (annotation ${argoTrackingAnnotation})`;
  }

  const instance = childString(labels, argoInstanceLabel);
  if (trackingId === undefined && instance !== undefined && instance !== application) {
    return `Argo CD Application "${instance}" (label ${argoInstanceLabel})`;
  }
  return undefined;
}
