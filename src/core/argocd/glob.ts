/**
 * Matches `value` against a glob as Argo CD's AppProject fields use them: `*` matches any run of
 * characters including `/`, `?` matches one character, `[abc]` and `[a-z]` match one of a set.
 * Matching ignores case, because Argo CD compares repository URLs in lowercase.
 */
export function globMatch(pattern: string, value: string): boolean {
  return globToRegExp(pattern).test(value);
}

const cache = new Map<string, RegExp>();

function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached !== undefined) {
    return cached;
  }

  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? '';
    if (char === '*') {
      source += '.*';
    } else if (char === '?') {
      source += '.';
    } else if (char === '[' && pattern.indexOf(']', index) > index + 1) {
      const end = pattern.indexOf(']', index);
      source += `[${pattern
        .slice(index + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\')}]`;
      index = end;
    } else {
      source += char.replace(/[.+^${}()|\\/]/g, '\\$&');
    }
  }

  const expression = new RegExp(`^${source}$`, 'i');
  cache.set(pattern, expression);
  return expression;
}

/**
 * Applies a list of globs where entries that start with `!` deny: a value is permitted when it
 * matches at least one plain entry and no `!` entry.
 */
export function permittedByGlobs(patterns: readonly string[], value: string): boolean {
  const denied = patterns.some(
    (pattern) => pattern.startsWith('!') && globMatch(pattern.slice(1), value),
  );
  if (denied) {
    return false;
  }
  return patterns.some((pattern) => !pattern.startsWith('!') && globMatch(pattern, value));
}
