import type { FileSource } from '../workspace/fileSource';
import type { YamlFile } from '../yamlFile';
import { parseYamlFile } from '../yamlFile';

/**
 * Parses workspace YAML files on demand and keeps the result until the file's text changes,
 * so linting every root of a large workspace parses each shared file once.
 */
export class ParsedFiles {
  private readonly cache = new Map<string, YamlFile>();

  constructor(private readonly source: FileSource) {}

  /** Returns the parsed file, or undefined when it is missing or not readable text. */
  get(file: string): YamlFile | undefined {
    const read = this.source.readText(file);
    if (read.kind !== 'text') {
      this.cache.delete(file);
      return undefined;
    }

    const cached = this.cache.get(file);
    if (cached !== undefined && cached.text === read.text) {
      return cached;
    }
    const parsed = parseYamlFile(file, read.text);
    this.cache.set(file, parsed);
    return parsed;
  }
}
