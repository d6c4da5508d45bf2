import { parseAllDocuments } from 'yaml';
import type { JsonObject } from '../../core/drift';
import { isJsonObject } from '../../core/drift';
import type { RenderService } from '../render/renderService';

/** Renders a folder with the editor's render service and parses the output into objects. */
export async function renderObjects(renders: RenderService, dir: string): Promise<JsonObject[]> {
  const result = await renders.render(dir);
  if (!result.ok) {
    throw new Error(result.error?.message ?? `kustomize build of ${dir} failed`);
  }
  const objects: JsonObject[] = [];
  for (const document of parseAllDocuments(result.yaml)) {
    const value = document.toJS() as unknown;
    if (typeof value === 'object' && value !== null && isJsonObject(value as JsonObject)) {
      objects.push(value as JsonObject);
    }
  }
  return objects;
}
