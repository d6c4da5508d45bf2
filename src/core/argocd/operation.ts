import type { JsonObject } from '../drift/types';
import type { LiveApplication, OperationState } from './application';
import { finalPhases, refreshAnnotation } from './application';

/** Options the user picks for "Sync with Argo CD". */
export interface SyncRequest {
  /** Git revision to sync to; undefined syncs to the Application's `targetRevision`. */
  readonly revision?: string | undefined;
  readonly prune: boolean;
  readonly dryRun: boolean;
  /** Sync options such as `ServerSideApply=true`, as `argocd app sync --sync-option` takes them. */
  readonly syncOptions?: readonly string[];
  /** `apply` skips hooks, like `argocd app sync --strategy apply`; the default runs them. */
  readonly strategy?: 'hook' | 'apply';
  /** Name written to `operation.initiatedBy.username`. */
  readonly username: string;
}

export type RefreshKind = 'normal' | 'hard';

/**
 * Builds the JSON merge patch that requests a sync from the Application controller. The `operation`
 * field has the shape that `argocd app sync` writes: `sync.{revision, prune, dryRun,
 * syncStrategy, syncOptions}` and `initiatedBy.username`.
 */
export function buildSyncPatch(request: SyncRequest, sourceCount = 1): JsonObject {
  const sync: JsonObject = {
    prune: request.prune,
    dryRun: request.dryRun,
    syncStrategy: request.strategy === 'apply' ? { apply: {} } : { hook: {} },
  };
  if (request.revision !== undefined && request.revision !== '') {
    // A multi-source Application takes one revision per source, in source order.
    if (sourceCount > 1) {
      sync['revisions'] = Array.from({ length: sourceCount }, () => request.revision ?? '');
    } else {
      sync['revision'] = request.revision;
    }
  }
  if (request.syncOptions !== undefined && request.syncOptions.length > 0) {
    sync['syncOptions'] = [...request.syncOptions];
  }

  return { operation: { initiatedBy: { username: request.username }, sync } };
}

/** Builds the merge patch that requests a new comparison (refresh) from the controller. */
export function buildRefreshPatch(kind: RefreshKind): JsonObject {
  return { metadata: { annotations: { [refreshAnnotation]: kind } } };
}

/** Returns why a sync cannot be requested now, or undefined when it can. */
export function operationBlocker(application: LiveApplication): string | undefined {
  if (application.operationPending) {
    return `Application ${application.name} already has a requested operation that Argo CD has not started yet.`;
  }
  const phase = application.operationState?.phase;
  if (phase !== undefined && !finalPhases.includes(phase)) {
    return `Application ${application.name} has an operation in phase ${phase}; wait for it to finish.`;
  }
  return undefined;
}

/** Progress of a requested sync, derived from successive states of the Application. */
export type OperationProgress =
  | { readonly kind: 'requested' }
  | { readonly kind: 'running'; readonly state: OperationState }
  | { readonly kind: 'finished'; readonly state: OperationState; readonly succeeded: boolean };

/**
 * Follows one requested operation. The controller takes a request by clearing `operation` and
 * writing `operationState`, so any `operationState` seen after `operation` was set and then
 * cleared belongs to this request. States from before the request (no `operation` seen yet)
 * are ignored, because a watch may deliver them after the patch returned.
 */
export class OperationTracker {
  private requestSeen = false;
  private controllerStarted = false;

  /** Returns the progress shown by `application`, a newer state than the previous call's. */
  update(application: LiveApplication): OperationProgress {
    if (application.operationPending) {
      this.requestSeen = true;
      return { kind: 'requested' };
    }
    if (!this.requestSeen) {
      return { kind: 'requested' };
    }

    this.controllerStarted = true;
    const state = application.operationState;
    if (state === undefined) {
      return { kind: 'requested' };
    }
    if (!finalPhases.includes(state.phase)) {
      return { kind: 'running', state };
    }
    return { kind: 'finished', state, succeeded: state.phase === 'Succeeded' };
  }

  /** Treats the next states as newer than the request, e.g. after a fresh list. */
  assumeRequestSeen(): void {
    this.requestSeen = true;
  }

  /** True once the controller has cleared the request. */
  get started(): boolean {
    return this.controllerStarted;
  }
}

/** Writes a finished operation as one line: phase, message and the objects it touched. */
export function describeOperation(state: OperationState): string {
  const failed = state.resources.filter((resource) => /Failed|Error/.test(resource.status));
  const counts = `${state.resources.length} resource${state.resources.length === 1 ? '' : 's'}`;
  const message = state.message === '' ? '' : `: ${state.message}`;
  const failures = failed.map(
    (resource) => `${resource.kind} ${resource.name} (${resource.message})`,
  );
  const failedPart = failures.length === 0 ? '' : `; failed: ${failures.join(', ')}`;
  const dryRun = state.dryRun ? ' (dry run)' : '';
  return `${state.phase}${dryRun}${message} [${counts}${failedPart}]`;
}
