import * as YAML from 'yaml';
import type { SourceObject } from './objects';
import { isRecord } from './objects';

/** Parses the YAML stream of a build into objects; the `file` of each is the built folder. */
export function parseRenderedObjects(dir: string, yaml: string): SourceObject[] {
  const objects: SourceObject[] = [];
  for (const document of YAML.parseAllDocuments(yaml)) {
    if (!('toJS' in document)) {
      continue;
    }
    const value = document.toJS() as unknown;
    if (!isRecord(value) || typeof value['kind'] !== 'string') {
      continue;
    }
    const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
    const namespace = metadata['namespace'];
    objects.push({
      file: dir,
      yamlFile: undefined,
      node: undefined,
      value,
      apiVersion: typeof value['apiVersion'] === 'string' ? value['apiVersion'] : '',
      kind: value['kind'],
      name: String(metadata['name'] ?? ''),
      namespace: typeof namespace === 'string' ? namespace : undefined,
    });
  }
  return objects;
}
