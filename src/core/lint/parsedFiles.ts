import type { FileSource } from '../workspace/fileSource';
import type { YamlFile } from '../yamlFile';
import { parseYamlFile } from '../yamlFile';

/**
 * Parses workspace YAML files on demand and keeps the result until the file's text changes,
 * so linting every root of a large workspace parses each shared file once.
 */
export class ParsedFiles {
  private readonly cache = new Map<string, YamlFile>();
  /** Files already read in the current run, or undefined outside a run. */
  private checkedInRun: Map<string, YamlFile | undefined> | undefined;

  constructor(private readonly source: FileSource) {}

  /**
   * Starts a run in which each file is read from the source at most once. A run is one pass
   * over many roots that share files, and a change made during it shows in the next run. A run
   * that starts while another is still going replaces it, so the newer run reads fresh text.
   */
  beginRun(): object {
    const run = new Map<string, YamlFile | undefined>();
    this.checkedInRun = run;
    return run;
  }

  /** Ends the run that `beginRun` returned `run` for, unless a newer run replaced it. */
  endRun(run: object): void {
    if (this.checkedInRun === run) {
      this.checkedInRun = undefined;
    }
  }

  /** Returns the parsed file, or undefined when it is missing or not readable text. */
  get(file: string): YamlFile | undefined {
    const run = this.checkedInRun;
    if (run?.has(file) === true) {
      return run.get(file);
    }

    const parsed = this.read(file);
    run?.set(file, parsed);
    return parsed;
  }

  private read(file: string): YamlFile | undefined {
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
