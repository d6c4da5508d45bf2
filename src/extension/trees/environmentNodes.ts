import type { ResolvedApplication } from '../../core/argo/resolve';
import type { ImageEntry } from '../../core/workspace/kustomization';
import type { Environment } from '../../core/workspace/environments';
import type { ContributedNode } from './environmentContributors';
import type { RenderedImage, RenderedObject } from './renderedObjects';

/** Nodes of the Environments view: plain data, mapped to tree items by the provider. */
export type EnvironmentNode =
  | { readonly type: 'environment'; readonly environment: Environment }
  | { readonly type: 'images'; readonly environment: Environment }
  | {
      readonly type: 'image';
      readonly environment: Environment;
      readonly entry: ImageEntry;
      /** Rendered containers whose image is the one this entry sets. */
      readonly rendered: readonly RenderedImage[];
      readonly label: string;
    }
  | {
      readonly type: 'renderedImage';
      readonly environment: Environment;
      readonly image: RenderedImage;
      readonly label: string;
    }
  | { readonly type: 'applications'; readonly environment: Environment }
  | {
      readonly type: 'application';
      readonly environment: Environment;
      readonly application: ResolvedApplication;
    }
  | { readonly type: 'resources'; readonly environment: Environment }
  | {
      readonly type: 'kind';
      readonly environment: Environment;
      readonly kind: string;
      readonly objects: readonly RenderedObject[];
    }
  | { readonly type: 'object'; readonly environment: Environment; readonly object: RenderedObject }
  | ContributedNode
  | MessageNode;

/** A leaf that explains something: a render error, an empty group, rendering turned off. */
export interface MessageNode {
  readonly type: 'message';
  readonly parentId: string;
  readonly text: string;
  readonly detail?: string;
  readonly severity: 'info' | 'warning' | 'error';
  /** File the message is about; clicking the node opens it. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
}

/** Returns an id that stays the same across refreshes, so expansion state survives them. */
export function environmentNodeId(node: EnvironmentNode): string {
  switch (node.type) {
    case 'environment':
      return `environment:${node.environment.dir}`;
    case 'images':
    case 'applications':
    case 'resources':
      return `${node.type}:${node.environment.dir}`;
    case 'image':
      return `image:${node.environment.dir}#${node.entry.index}`;
    case 'renderedImage':
      return `rendered-image:${node.environment.dir}#${containerKey(node.image)}`;
    case 'application':
      return `application:${node.environment.dir}#${applicationKey(node.application)}`;
    case 'kind':
      return `kind:${node.environment.dir}#${node.kind}`;
    case 'object':
      return `object:${node.environment.dir}#${objectKey(node.object)}`;
    case 'message':
      return `message:${node.parentId}#${node.text}`;
    case 'contributed':
      return node.id;
  }
}

function containerKey(image: RenderedImage): string {
  return `${image.workload}/${image.container}`;
}

function applicationKey(application: ResolvedApplication): string {
  return `${application.file}#${application.name}`;
}

function objectKey(object: RenderedObject): string {
  return `${object.kind}/${object.namespace ?? ''}/${object.name}`;
}

/**
 * Writes what an image entry sets, the way kustomize applies it: `newName:newTag@digest`, or
 * only the tag (and digest) when the entry keeps the name.
 */
export function describeImageEntry(entry: ImageEntry): string {
  const digest = entry.digest === undefined ? '' : `@${entry.digest}`;
  if (entry.newName === undefined) {
    const tag = entry.newTag ?? '';
    return tag === '' && digest === '' ? 'unchanged' : `${tag}${digest}`;
  }
  const tag = entry.newTag === undefined ? '' : `:${entry.newTag}`;
  return `${entry.newName}${tag}${digest}`;
}
