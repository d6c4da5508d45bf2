import type { ResolvedApplication, ResolvedSource } from './resolve';

/** The JSON shape of one Application in `gitops-workbench scan` output. */
export interface ApplicationSummary {
  readonly name: string;
  readonly namespace: string | null;
  readonly file: string;
  /** 1-based line where the Application's document starts. */
  readonly line: number;
  readonly source: {
    readonly repoURL: string | null;
    readonly path: string | null;
    readonly targetRevision: string | null;
  } | null;
  readonly destination: {
    readonly server: string | null;
    /** Cluster name, the alternative to `server`. */
    readonly name: string | null;
    readonly namespace: string | null;
  };
  readonly children: readonly string[];
  readonly localPath: string | null;
  /** Reasons of the unresolved sources, in source order. */
  readonly unresolved: readonly string[];
}

/** Summarises an Application by its first source, the one most Applications have alone. */
export function summariseApplication(application: ResolvedApplication): ApplicationSummary {
  const first = application.sources[0];
  const destination = application.destination;
  return {
    name: application.name,
    namespace: application.namespace ?? null,
    file: application.file,
    line: application.line,
    source: first === undefined ? null : summariseSource(first),
    destination: {
      server: destination?.server ?? null,
      name: destination?.name ?? null,
      namespace: destination?.namespace ?? null,
    },
    children: application.children,
    localPath: application.localPath ?? null,
    unresolved: application.sources.flatMap((source) =>
      source.resolution.kind === 'unresolved' ? [source.resolution.reason] : [],
    ),
  };
}

function summariseSource(source: ResolvedSource): NonNullable<ApplicationSummary['source']> {
  return {
    repoURL: source.repoURL ?? null,
    path: source.path ?? null,
    targetRevision: source.targetRevision ?? null,
  };
}
