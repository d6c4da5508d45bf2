import * as YAML from 'yaml';
import type { SourceObject } from './objects';
import { isRecord } from './objects';

/** A container image string found in an object. */
export interface ContainerImage {
  readonly object: SourceObject;
  readonly image: string;
  readonly container: string;
  /** The YAML node of the `image` value, when the object came from a file. */
  readonly node: YAML.Node | undefined;
}

const containerLists = ['containers', 'initContainers'];

/**
 * Finds the images of every `containers` and `initContainers` list at any depth, which is where
 * kustomize's image transformer looks by default (so CronJobs and custom resources count too).
 */
export function containerImages(objects: readonly SourceObject[]): ContainerImage[] {
  const images: ContainerImage[] = [];
  for (const object of objects) {
    if (object.kind === 'CustomResourceDefinition') {
      continue;
    }
    walk(object.value, object.node, (container, node) => {
      const image = container['image'];
      if (typeof image === 'string') {
        const imageNode = YAML.isMap(node)
          ? (node.get('image', true) as YAML.Node | undefined)
          : undefined;
        images.push({ object, image, container: String(container['name'] ?? ''), node: imageNode });
      }
    });
  }
  return images;
}

type Visit = (container: Record<string, unknown>, node: unknown) => void;

function walk(value: unknown, node: unknown, visit: Visit): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) =>
      walk(item, YAML.isSeq(node) ? node.items[index] : undefined, visit),
    );
    return;
  }
  if (!isRecord(value)) {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const childNode = YAML.isMap(node) ? node.get(key, true) : undefined;
    if (containerLists.includes(key) && Array.isArray(child)) {
      child.forEach((container, index) => {
        if (isRecord(container)) {
          visit(container, YAML.isSeq(childNode) ? childNode.items[index] : undefined);
        }
      });
      continue;
    }
    walk(child, childNode, visit);
  }
}
