import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/** A map that keeps at most `capacity` entries and drops the least recently used first. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);

    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) {
        break;
      }
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * Returns a sha256 key over the build command and the content of every input file. An unsaved
 * text replaces the file's disk content. A missing file is hashed as missing, so creating it
 * changes the key.
 */
export function renderCacheKey(
  command: readonly string[],
  files: readonly string[],
  overrides: ReadonlyMap<string, string>,
): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(command));

  for (const file of [...files].sort()) {
    hash.update(`\0${file}\0`);
    hash.update(fileDigest(file, overrides));
  }
  return hash.digest('hex');
}

function fileDigest(file: string, overrides: ReadonlyMap<string, string>): string {
  const override = overrides.get(file);
  if (override !== undefined) {
    return createHash('sha256').update(override).digest('hex');
  }

  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return 'missing';
  }
}
