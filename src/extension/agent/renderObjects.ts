import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import type { JsonObject } from '../../core/drift';
import { isJsonObject } from '../../core/drift';
import { Renderer } from '../../core/render/renderer';
import { readRenderSettings } from '../settings';

/**
 * Renders Application sources as saved on disk. Unlike the preview, the agent ignores unsaved
 * editor text: a sync must apply what Git would deliver, never a half-typed edit.
 */
export class SavedRenderer {
  private readonly renderer = new Renderer({ cacheEntries: 32 });
  /** Builds in progress by folder. A second caller shares one, because the Renderer kills a build it supersedes. */
  private readonly inFlight = new Map<string, Promise<JsonObject[]>>();

  objects(dir: string): Promise<JsonObject[]> {
    if (!vscode.workspace.isTrusted) {
      return Promise.reject(
        new Error(
          'rendering is off in an untrusted workspace; trust the workspace to diff or sync',
        ),
      );
    }
    let flight = this.inFlight.get(dir);
    if (flight === undefined) {
      flight = this.build(dir).finally(() => this.inFlight.delete(dir));
      this.inFlight.set(dir, flight);
    }
    return flight;
  }

  private async build(dir: string): Promise<JsonObject[]> {
    const result = await this.renderer.render(dir, {
      settings: readRenderSettings(vscode.Uri.file(dir)),
    });
    if (!result.ok) {
      throw new Error(result.error?.message ?? `kustomize build of ${dir} failed`);
    }
    return parseObjects(result.yaml);
  }
}

function parseObjects(yaml: string): JsonObject[] {
  const objects: JsonObject[] = [];
  for (const document of parseAllDocuments(yaml)) {
    const value = document.toJS() as unknown;
    if (typeof value === 'object' && value !== null && isJsonObject(value as JsonObject)) {
      objects.push(value as JsonObject);
    }
  }
  return objects;
}
