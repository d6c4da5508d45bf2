import * as path from 'node:path';
import { splitKustomizeImage } from '../../core/images/reference';
import type { Environment } from '../../core/workspace/environments';
import type { WorkspaceModel } from '../../core/workspace/model';

/**
 * Environment and optional image name a release command runs on. Commands
 * receive a tree node from the Environments view, an arguments object from a CodeLens or a test,
 * or nothing from the palette.
 */
export interface CommandTarget {
  readonly environment: Environment | undefined;
  readonly image: string | undefined;
}

/** Finds an environment by name, folder or kustomization file path. */
export function findEnvironment(model: WorkspaceModel, reference: string): Environment | undefined {
  const found = model.findEnvironment(reference);
  if (found !== undefined) {
    return found;
  }
  const resolved = path.resolve(reference);
  return model.environments().find((environment) => {
    return environment.dir === resolved || environment.kustomizationFile === resolved;
  });
}

/** Reads the environment and image from a tree node or from `{ environment, image }`. */
export function readCommandTarget(model: WorkspaceModel, argument: unknown): CommandTarget {
  if (!isRecord(argument)) {
    return { environment: undefined, image: undefined };
  }

  const environment = readEnvironment(model, argument['environment']);
  return { environment, image: readImage(argument) };
}

function readEnvironment(model: WorkspaceModel, value: unknown): Environment | undefined {
  if (typeof value === 'string') {
    return requireEnvironment(model, value);
  }
  if (isRecord(value) && typeof value['dir'] === 'string') {
    return requireEnvironment(model, value['dir']);
  }
  return undefined;
}

function requireEnvironment(model: WorkspaceModel, reference: string): Environment {
  const environment = findEnvironment(model, reference);
  if (environment === undefined) {
    const known = model.environments().map((candidate) => candidate.name);
    const list = known.length > 0 ? known.join(', ') : 'none found';
    throw new Error(`environment "${reference}" not found (environments: ${list})`);
  }
  return environment;
}

/** Reads the image of an `image` or `renderedImage` tree node, or a plain `image` string. */
function readImage(argument: Record<string, unknown>): string | undefined {
  if (typeof argument['image'] === 'string') {
    return argument['image'];
  }
  const entry = argument['entry'];
  if (isRecord(entry) && typeof entry['name'] === 'string') {
    return entry['name'];
  }
  const rendered = argument['image'];
  if (isRecord(rendered) && typeof rendered['image'] === 'string') {
    return splitKustomizeImage(rendered['image']).name;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an optional string field of a command's arguments object. */
export function stringField(argument: unknown, key: string): string | undefined {
  const value = isRecord(argument) ? argument[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Reads an optional boolean field of a command's arguments object. */
export function booleanField(argument: unknown, key: string): boolean | undefined {
  const value = isRecord(argument) ? argument[key] : undefined;
  return typeof value === 'boolean' ? value : undefined;
}
