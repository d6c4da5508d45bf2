/** Escapes one path segment for a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`. */
export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function formatPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => '/' + escapeSegment(String(segment))).join('');
}

/** Splits a JSON pointer into segments; the empty pointer is the whole document. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw new Error(`invalid JSON pointer "${pointer}": it must start with "/"`);
  }
  return pointer.slice(1).split('/').map(unescapeSegment);
}

/**
 * Tells whether `pattern` covers `path`: each pattern segment equals the path segment or is `*`,
 * and the path may go deeper than the pattern.
 */
export function patternCovers(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length > path.length) {
    return false;
  }
  return pattern.every((segment, index) => segment === '*' || segment === path[index]);
}
