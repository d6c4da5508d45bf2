/** Result of a SelfSubjectAccessReview for one verb on one Application. */
export interface AccessReview {
  readonly allowed: boolean;
  /** The authorizer's explanation, often empty. */
  readonly reason: string;
}

/** Result of the AppProject check: its violations, or the reason the project could not be read. */
export type ProjectCheck =
  | { readonly kind: 'checked'; readonly violations: readonly string[] }
  | { readonly kind: 'unreadable'; readonly reason: string };

export type ActionDecision =
  | { readonly allowed: true; readonly notes: readonly string[] }
  | { readonly allowed: false; readonly reasons: readonly string[] };

/**
 * Decides whether an action on an Application may go ahead: the user needs Kubernetes RBAC
 * permission to patch it, and the AppProject must permit the sync. When the AppProject cannot be
 * read the action goes ahead with a note, because the Application controller checks the project
 * again before it syncs.
 */
export function decideAction(
  action: string,
  target: string,
  access: AccessReview,
  project: ProjectCheck | undefined,
): ActionDecision {
  const reasons: string[] = [];
  if (!access.allowed) {
    const detail = access.reason === '' ? '' : ` (${access.reason})`;
    reasons.push(
      `you lack permission to patch ${target} (Kubernetes RBAC verb "patch" on applications.argoproj.io)${detail}`,
    );
  }
  if (project?.kind === 'checked') {
    reasons.push(...project.violations);
  }
  if (reasons.length > 0) {
    return { allowed: false, reasons: reasons.map((reason) => `${action} rejected: ${reason}`) };
  }

  const notes = project?.kind === 'unreadable' ? [`AppProject not checked: ${project.reason}`] : [];
  return { allowed: true, notes };
}
