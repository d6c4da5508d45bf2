import * as fs from 'node:fs';
import { maxYamlBytes } from '../yamlFile';

/** The result of a text read: the text, or the reason there is none. */
export type TextRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/**
 * Reads workspace files, preferring the unsaved text of open editors. The editor passes its
 * dirty documents as overrides; the CLI and tests use the disk alone.
 */
export class FileSource {
  private readonly overrides = new Map<string, string>();

  setOverride(path: string, text: string): void {
    this.overrides.set(path, text);
  }

  clearOverride(path: string): void {
    this.overrides.delete(path);
  }

  /** Paths whose unsaved text differs from the disk, as far as the caller has reported. */
  overriddenPaths(): string[] {
    return [...this.overrides.keys()];
  }

  overrideOf(path: string): string | undefined {
    return this.overrides.get(path);
  }

  readText(path: string): TextRead {
    const override = this.overrides.get(path);
    if (override !== undefined) {
      return { kind: 'text', text: override };
    }
    return readTextFromDisk(path);
  }

  isDirectory(path: string): boolean {
    return statOf(path)?.isDirectory() ?? false;
  }

  isFile(path: string): boolean {
    if (this.overrides.has(path)) {
      return true;
    }
    return statOf(path)?.isFile() ?? false;
  }
}

function statOf(path: string): fs.Stats | undefined {
  try {
    return fs.statSync(path);
  } catch {
    return undefined;
  }
}

/** Reads a UTF-8 text file, rejecting binary, non-UTF-8 and oversized files with a reason. */
export function readTextFromDisk(path: string): TextRead {
  let bytes: Buffer;
  try {
    const size = fs.statSync(path).size;
    if (size > maxYamlBytes) {
      const megabytes = (size / 1024 / 1024).toFixed(1);
      return {
        kind: 'unreadable',
        reason: `the file is ${megabytes} MB, over the 5 MB limit for YAML files`,
      };
    }
    bytes = fs.readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return { kind: 'missing' };
    }
    return { kind: 'unreadable', reason: (error as Error).message };
  }
  return decodeText(bytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Buffer): TextRead {
  if (bytes.includes(0)) {
    return { kind: 'unreadable', reason: 'the file is binary (it contains NUL bytes)' };
  }
  try {
    const text = utf8.decode(bytes);
    return { kind: 'text', text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch {
    return { kind: 'unreadable', reason: 'the file is not valid UTF-8' };
  }
}
