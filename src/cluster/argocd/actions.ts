import type { LiveApplication } from '../../core/argocd/application';
import { readLiveApplication } from '../../core/argocd/application';
import type { OperationProgress, RefreshKind, SyncRequest } from '../../core/argocd/operation';
import {
  buildRefreshPatch,
  buildSyncPatch,
  operationBlocker,
  OperationTracker,
} from '../../core/argocd/operation';
import type { AccessReview, ActionDecision, ProjectCheck } from '../../core/argocd/permissions';
import { decideAction } from '../../core/argocd/permissions';
import { projectViolations, readAppProject } from '../../core/argocd/project';
import type { JsonObject } from '../../core/drift/types';
import { childObject, childString, isJsonObject } from '../../core/drift/types';
import type { ClusterConnection } from '../connection';
import { ApiError, CancelledError, errorMessage } from '../errors';
import type { ApplicationWatch } from './applicationWatch';
import { applicationPath, appProjectPath } from './paths';

const mergePatch = 'application/merge-patch+json';

/** An action rejected by RBAC, the AppProject or a running operation, with `reasons` listing why. */
export class ActionRejectedError extends Error {
  constructor(readonly reasons: readonly string[]) {
    super(reasons.join('; '));
    this.name = 'ActionRejectedError';
  }
}

/** Asks the API server whether the current user may patch the Application. */
export async function reviewPatchAccess(
  connection: ClusterConnection,
  application: LiveApplication,
  signal?: AbortSignal,
): Promise<AccessReview> {
  const review = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        group: 'argoproj.io',
        resource: 'applications',
        verb: 'patch',
        namespace: application.namespace,
        name: application.name,
      },
    },
  };
  const path = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
  const body = await connection.request({
    method: 'POST',
    path,
    body: review,
    ...(signal ? { signal } : {}),
  });
  const status = childObject(body, 'status');
  return { allowed: status?.['allowed'] === true, reason: childString(status, 'reason') ?? '' };
}

/** Reads the Application's AppProject and lists what it forbids now. */
export async function checkProject(
  connection: ClusterConnection,
  application: LiveApplication,
  now: Date,
  signal?: AbortSignal,
): Promise<ProjectCheck> {
  const path = appProjectPath(application.controllerNamespace, application.project);
  let body;
  try {
    body = await connection.request({ method: 'GET', path, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      const where = `${application.controllerNamespace}/${application.project}`;
      return { kind: 'checked', violations: [`AppProject ${where} does not exist`] };
    }
    if (error instanceof ApiError && error.status === 403) {
      return {
        kind: 'unreadable',
        reason: `reading AppProject ${application.project} is forbidden`,
      };
    }
    throw error;
  }
  const project = readAppProject(isJsonObject(body) ? body : {});
  return { kind: 'checked', violations: projectViolations(project, application, now) };
}

/** Runs the RBAC and AppProject checks for an action on the Application. */
export async function decide(
  connection: ClusterConnection,
  application: LiveApplication,
  action: 'Sync' | 'Refresh',
  signal?: AbortSignal,
): Promise<ActionDecision> {
  const access = await reviewPatchAccess(connection, application, signal);
  // A refresh changes nothing in the cluster, so only a sync is held to the AppProject.
  const project =
    action === 'Sync' ? await checkProject(connection, application, new Date(), signal) : undefined;
  return decideAction(
    action,
    `Application ${application.namespace}/${application.name}`,
    access,
    project,
  );
}

/**
 * Requests a sync: checks that no operation runs, that RBAC and the AppProject allow it, then
 * sets `operation` with a merge patch. Returns the patched Application and the decision's notes.
 */
export async function requestSync(
  connection: ClusterConnection,
  application: LiveApplication,
  request: SyncRequest,
  signal?: AbortSignal,
): Promise<{ readonly application: LiveApplication; readonly notes: readonly string[] }> {
  const blocker = operationBlocker(application);
  if (blocker !== undefined) {
    throw new ActionRejectedError([`Sync rejected: ${blocker}`]);
  }
  const decision = await decide(connection, application, 'Sync', signal);
  if (!decision.allowed) {
    throw new ActionRejectedError(decision.reasons);
  }

  const body = buildSyncPatch(request, application.sources.length);
  const patched = await patchApplication(connection, application, body, signal);
  return { application: patched, notes: decision.notes };
}

/** Sets the refresh annotation, after the RBAC check. */
export async function requestRefresh(
  connection: ClusterConnection,
  application: LiveApplication,
  kind: RefreshKind,
  signal?: AbortSignal,
): Promise<LiveApplication> {
  const decision = await decide(connection, application, 'Refresh', signal);
  if (!decision.allowed) {
    throw new ActionRejectedError(decision.reasons);
  }
  return patchApplication(connection, application, buildRefreshPatch(kind), signal);
}

async function patchApplication(
  connection: ClusterConnection,
  application: LiveApplication,
  body: JsonObject,
  signal?: AbortSignal,
): Promise<LiveApplication> {
  const path = applicationPath(application.namespace, application.name);
  const request = { method: 'PATCH' as const, path, body, contentType: mergePatch };
  const result = await connection.request(signal ? { ...request, signal } : request);
  return readLiveApplication(isJsonObject(result) ? result : {});
}

/**
 * Follows a requested operation through the watch until it finishes; `onProgress` receives every
 * step. Rejects with CancelledError when `signal` aborts; the operation itself keeps running.
 *
 * Only states that the watch delivers after the request (with `operation` set) count, because
 * events from before the patch may still arrive after it returned.
 */
export function followOperation(
  watch: ApplicationWatch,
  patched: LiveApplication,
  onProgress: (progress: OperationProgress) => void,
  signal?: AbortSignal,
): Promise<Extract<OperationProgress, { kind: 'finished' }>> {
  const tracker = new OperationTracker();
  const isTarget = (application: LiveApplication) =>
    application.name === patched.name && application.namespace === patched.namespace;

  return new Promise((resolve, reject) => {
    const check = (application: LiveApplication | undefined) => {
      if (application === undefined) {
        return;
      }
      const progress = tracker.update(application);
      onProgress(progress);
      if (progress.kind === 'finished') {
        stop();
        resolve(progress);
      }
    };
    const subscription = watch.onDidChange((event) => {
      if (event.type === 'relisted') {
        // NOTE: a list has no history, so the state it returns is taken as newer than the request.
        tracker.assumeRequestSeen();
        check(watch.get(patched.namespace, patched.name));
      } else if (event.type === 'deleted' && isTarget(event.application)) {
        stop();
        reject(
          new Error(
            `Application ${patched.namespace}/${patched.name} was deleted during the operation`,
          ),
        );
      } else if (isTarget(event.application)) {
        check(event.application);
      }
    });
    const onAbort = () => {
      stop();
      reject(new CancelledError(`stopped following the operation on ${patched.name}`));
    };
    const stop = () => {
      subscription.dispose();
      signal?.removeEventListener('abort', onAbort);
    };

    signal?.addEventListener('abort', onAbort, { once: true });
    // The watch may have delivered the patched state before this function subscribed.
    const stored = watch.get(patched.namespace, patched.name);
    if (stored?.operationPending === true) {
      check(stored);
    }
  });
}

export { errorMessage };
