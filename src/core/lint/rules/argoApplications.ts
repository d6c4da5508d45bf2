import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import type { ArgoObject } from '../../argo/objects';
import { findArgoObjects } from '../../argo/objects';
import { isSameRepository } from '../../argo/repoUrl';
import { nodeAt, scalarString } from '../../yamlFile';
import type { Linter, RootLint } from '../linter';
import type { SourceObject } from '../objects';
import { clusterScopedKinds, isRecord } from '../objects';
import type { LintDiagnostic } from '../types';

/**
 * Checks Argo CD Applications against the workspace: the source path exists in the local clone
 * of `repoURL`, the AppProject permits the source and destination, and the destination namespace
 * agrees with what the overlay renders.
 */
export function checkApplications(linter: Linter, results: readonly RootLint[]): LintDiagnostic[] {
  const objects = linter.model.yamlFiles().flatMap((file) => {
    const parsed = linter.files.get(file);
    return parsed === undefined ? [] : findArgoObjects(parsed);
  });
  const projects = objects.filter((object) => object.kind === 'AppProject');
  const clones = localClones(linter.model.folders);
  const diagnostics: LintDiagnostic[] = [];
  for (const application of objects.filter((object) => object.kind === 'Application')) {
    diagnostics.push(...checkProject(linter, application, projects));
    diagnostics.push(...checkSources(linter, application, clones, results));
  }
  return diagnostics;
}

/** Reads the `origin` URL of each workspace folder, and of its direct sub-folders, that is a git clone. */
function localClones(folders: readonly string[]): { dir: string; url: string }[] {
  const candidates = folders.flatMap((folder) => [folder, ...subfolders(folder)]);
  return candidates.flatMap((dir) => {
    const url = originUrl(dir);
    return url === undefined ? [] : [{ dir, url }];
  });
}

function subfolders(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(folder, entry.name));
  } catch {
    return [];
  }
}

function originUrl(dir: string): string | undefined {
  let config: string;
  try {
    config = fs.readFileSync(path.join(dir, '.git', 'config'), 'utf8');
  } catch {
    return undefined;
  }
  const section = /\[remote "origin"\]([^[]*)/.exec(config)?.[1] ?? '';
  return /^\s*url\s*=\s*(.+?)\s*$/m.exec(section)?.[1];
}

function checkSources(
  linter: Linter,
  application: ArgoObject,
  clones: readonly { dir: string; url: string }[],
  results: readonly RootLint[],
): LintDiagnostic[] {
  const diagnostics: LintDiagnostic[] = [];
  for (const source of application.sources) {
    const clone = clones.find(
      (candidate) =>
        source.repoURL !== undefined && isSameRepository(candidate.url, source.repoURL),
    );
    if (clone === undefined || source.path === undefined || source.chart !== undefined) {
      continue;
    }
    const dir = path.resolve(clone.dir, source.path);
    if (!linter.model.source.isDirectory(dir)) {
      diagnostics.push({
        file: application.file,
        range: source.range,
        severity: 'error',
        code: 'argo-source-path-missing',
        message: `Application ${application.name}: path "${source.path}" does not exist in ${clone.dir} (the local clone of ${source.repoURL ?? ''}), so Argo CD reports ComparisonError. Fix the path or the repoURL.`,
      });
      continue;
    }
    const result = results.find((candidate) => candidate.dir === dir);
    if (result !== undefined) {
      diagnostics.push(...checkNamespace(application, source.range, result));
    }
  }
  return diagnostics;
}

function checkNamespace(
  application: ArgoObject,
  range: ArgoObject['range'],
  result: RootLint,
): LintDiagnostic[] {
  const destination = application.destination?.namespace;
  if (destination === undefined || destination === '') {
    return [];
  }
  // A binding that grants image pulls must live in the registry's namespace, so it never counts.
  const namespaced = result.objects.filter(
    (object) => !clusterScopedKinds.has(object.kind) && !grantsImagePulls(object),
  );
  const elsewhere = namespaced.filter(
    (object) => object.namespace !== undefined && object.namespace !== destination,
  );
  const diagnostics: LintDiagnostic[] = [];
  if (elsewhere.length > 0) {
    const message =
      `Application ${application.name} deploys to namespace ${destination}, but ` +
      `${describePlacement(result, elsewhere)}. An explicit namespace wins over the destination. ` +
      `Set namespace: ${destination} in the overlay or change the destination.`;
    const code = 'argo-namespace-mismatch';
    diagnostics.push({ file: application.file, range, severity: 'warning', code, message });
  }

  const created = result.objects.some(
    (object) => object.kind === 'Namespace' && object.name === destination,
  );
  const createOption =
    application.syncPolicy?.syncOptions.includes('CreateNamespace=true') ?? false;
  // Argo CD runs in the Application's own namespace, so that one exists.
  const exists = created || destination === application.namespace;
  if (!exists && !createOption) {
    diagnostics.push({
      file: application.file,
      range,
      severity: 'warning',
      code: 'argo-namespace-not-created',
      message: `Application ${application.name} deploys to namespace ${destination}, which ${path.basename(result.dir)} does not render and syncOptions do not create, so the sync fails if it does not exist. Add CreateNamespace=true to syncOptions or a Namespace object.`,
    });
  }
  return diagnostics;
}

/** Objects listed by name in a mismatch message; the rest are counted. */
const maxListedObjects = 3;

/** Says where a root puts the objects outside the destination, and whether that was built or estimated. */
function describePlacement(result: RootLint, elsewhere: readonly SourceObject[]): string {
  const name = path.basename(result.dir);
  const namespaces = [...new Set(elsewhere.map((object) => object.namespace))].join(', ');
  const listed = elsewhere
    .slice(0, maxListedObjects)
    .map((object) => `${object.kind} ${object.name}`);
  const more = elsewhere.length - listed.length;
  const examples = more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
  const count = elsewhere.length === 1 ? '1 object' : `${elsewhere.length} objects`;
  if (result.rendered) {
    return `${name} renders ${count} into ${namespaces} (${examples})`;
  }
  const estimate = 'not built, so estimated from its files and its own namespace field and patches';
  return `${name} (${estimate}) places ${count} into ${namespaces} (${examples})`;
}

function grantsImagePulls(object: SourceObject): boolean {
  const roleRef = object.value['roleRef'];
  return (
    object.kind === 'RoleBinding' && isRecord(roleRef) && roleRef['name'] === 'system:image-puller'
  );
}

function checkProject(
  linter: Linter,
  application: ArgoObject,
  projects: readonly ArgoObject[],
): LintDiagnostic[] {
  const project = projects.find(
    (candidate) => candidate.name === (application.project ?? 'default'),
  );
  const spec = project === undefined ? undefined : projectSpec(linter, project);
  if (spec === undefined) {
    return [];
  }
  const diagnostics: LintDiagnostic[] = [];
  for (const source of application.sources) {
    const repo = source.repoURL ?? '';
    if (!allowedByGlobs(spec.sourceRepos, repo)) {
      diagnostics.push({
        file: application.file,
        range: source.range,
        severity: 'error',
        code: 'argo-source-not-permitted',
        message: `AppProject ${project?.name ?? ''} does not permit source repository ${repo} (sourceRepos: ${spec.sourceRepos.join(', ') || 'none'}), so Argo CD rejects syncing Application ${application.name}. Add the repository to sourceRepos.`,
      });
    }
  }
  const destination = application.destination;
  if (
    destination !== undefined &&
    !spec.destinations.some((allowed) => destinationAllowed(allowed, destination))
  ) {
    diagnostics.push({
      file: application.file,
      range: application.range,
      severity: 'error',
      code: 'argo-destination-not-permitted',
      message: `AppProject ${project?.name ?? ''} does not permit destination ${destination.server ?? destination.name ?? ''} namespace ${destination.namespace ?? ''} for Application ${application.name}. Add it to the project's destinations.`,
    });
  }
  return diagnostics;
}

interface ProjectSpec {
  readonly sourceRepos: string[];
  readonly destinations: { server?: string; name?: string; namespace?: string }[];
}

function projectSpec(linter: Linter, project: ArgoObject): ProjectSpec | undefined {
  const document = linter.files.get(project.file)?.documents[project.documentIndex];
  const spec = nodeAt(document?.contents, ['spec']);
  const repos = nodeAt(spec, ['sourceRepos']);
  const destinations = nodeAt(spec, ['destinations']);
  if (!YAML.isSeq(repos) || !YAML.isSeq(destinations)) {
    return undefined;
  }
  return {
    sourceRepos: repos.items.flatMap((item) => scalarString(item) ?? []),
    destinations: destinations.items.map((item) => ({
      ...optional('server', scalarString(nodeAt(item, ['server']))),
      ...optional('name', scalarString(nodeAt(item, ['name']))),
      ...optional('namespace', scalarString(nodeAt(item, ['namespace']))),
    })),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/** Argo CD patterns: `*` matches any text and a leading `!` denies; a denial wins. */
function allowedByGlobs(patterns: readonly string[], value: string): boolean {
  const denied = patterns.some(
    (pattern) => pattern.startsWith('!') && globMatches(pattern.slice(1), value),
  );
  return (
    !denied && patterns.some((pattern) => !pattern.startsWith('!') && globMatches(pattern, value))
  );
}

function globMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(value);
}

function destinationAllowed(
  allowed: ProjectSpec['destinations'][number],
  destination: NonNullable<ArgoObject['destination']>,
): boolean {
  const cluster =
    (allowed.server !== undefined &&
      destination.server !== undefined &&
      globMatches(allowed.server, destination.server)) ||
    (allowed.name !== undefined &&
      destination.name !== undefined &&
      globMatches(allowed.name, destination.name));
  return cluster && globMatches(allowed.namespace ?? '*', destination.namespace ?? '');
}
