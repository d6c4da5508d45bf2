/** Levenshtein distance between two strings, counting insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * Returns the candidate closest to `value`, ignoring case, when it is near enough to be a typo:
 * at most a third of the value's length in edits, and never more than three.
 */
export function closestMatch(value: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(value.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Returns ` Did you mean "x"?` for a near candidate, or ''. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const match = closestMatch(value, candidates);
  return match === undefined ? '' : ` Did you mean "${match}"?`;
}

/** Joins the first `shown` items with commas and counts the rest: `a, b, c and 2 more`. */
export function listFirst(items: readonly string[], shown = 4): string {
  const rest = items.length - shown;
  const head = items.slice(0, shown).join(', ');
  return rest > 0 ? `${head} and ${rest} more` : head;
}
