import * as YAML from 'yaml';

/** One object of a rendered build, named the way `kubectl get` names it. */
export interface RenderedObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** 0-based line of the document in the rendered YAML. */
  readonly line: number;
}

/** A container image used by a rendered workload. */
export interface RenderedImage {
  readonly image: string;
  /** `Kind/name` of the workload, then the container name. */
  readonly workload: string;
  readonly container: string;
}

/** The objects and container images of a build's output. */
export interface RenderedOutput {
  readonly objects: readonly RenderedObject[];
  readonly images: readonly RenderedImage[];
}

/** Paths of pod specs inside the workload kinds that carry one. */
const podSpecPaths: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
const templatePodSpec = ['spec', 'template', 'spec'];

/** Reads kind, name and container images of each document; documents without a kind are skipped. */
export function readRenderedOutput(yaml: string): RenderedOutput {
  const objects: RenderedObject[] = [];
  const images: RenderedImage[] = [];
  const lineCounter = new YAML.LineCounter();

  for (const document of YAML.parseAllDocuments(yaml, { lineCounter })) {
    const value: unknown = document.toJS();
    const kind = stringAt(value, ['kind']);
    const name = stringAt(value, ['metadata', 'name']);
    if (kind === undefined || name === undefined) {
      continue;
    }

    // The contents start after any `---` marker, on the object's first line.
    const start = document.contents?.range?.[0] ?? document.range[0];
    const line = lineCounter.linePos(start).line - 1;
    objects.push({ kind, name, namespace: stringAt(value, ['metadata', 'namespace']), line });
    const specPath = podSpecPaths[kind] ?? templatePodSpec;
    images.push(...containerImages(value, `${kind}/${name}`, specPath));
  }
  return { objects, images };
}

function containerImages(
  value: unknown,
  workload: string,
  specPath: readonly string[],
): RenderedImage[] {
  const spec = valueAt(value, specPath);
  const containers = [...listAt(spec, 'initContainers'), ...listAt(spec, 'containers')];

  return containers.flatMap((container) => {
    const image = stringAt(container, ['image']);
    const name = stringAt(container, ['name']) ?? '';
    return image === undefined ? [] : [{ image, workload, container: name }];
  });
}

function listAt(value: unknown, key: string): unknown[] {
  const list = valueAt(value, [key]);
  return Array.isArray(list) ? list : [];
}

function valueAt(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function stringAt(value: unknown, keys: readonly string[]): string | undefined {
  const found = valueAt(value, keys);
  return typeof found === 'string' ? found : undefined;
}

/** Groups objects by kind, kinds sorted by name and objects by namespace then name. */
export function groupByKind(objects: readonly RenderedObject[]): Map<string, RenderedObject[]> {
  const groups = new Map<string, RenderedObject[]>();
  const sorted = [...objects].sort((a, b) => {
    const byNamespace = (a.namespace ?? '').localeCompare(b.namespace ?? '');
    return a.kind.localeCompare(b.kind) || byNamespace || a.name.localeCompare(b.name);
  });

  for (const object of sorted) {
    const group = groups.get(object.kind) ?? [];
    group.push(object);
    groups.set(object.kind, group);
  }
  return groups;
}
