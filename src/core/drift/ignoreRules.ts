import { parsePointer } from './jsonPointer';
import { fieldsOwnedBy } from './managedFields';
import type { IgnoreDifference, JsonObject, ObjectKey } from './types';

/** Paths to leave out of one object's comparison, as segment patterns (`*` for any segment). */
export interface IgnoredPaths {
  readonly patterns: readonly (readonly string[])[];
  /** Rules that could not be applied, e.g. a jq expression that is not a plain path. */
  readonly warnings: readonly string[];
}

/** Collects the ignored paths of the `rules` that match `key`; managers are looked up in `live`. */
export function ignoredPathsFor(
  rules: readonly IgnoreDifference[],
  key: ObjectKey,
  live: JsonObject | undefined,
): IgnoredPaths {
  const patterns: string[][] = [];
  const warnings: string[] = [];

  for (const rule of rules.filter((candidate) => ruleMatches(candidate, key))) {
    for (const pointer of rule.jsonPointers ?? []) {
      addPointer(pointer, patterns, warnings);
    }
    for (const expression of rule.jqPathExpressions ?? []) {
      addJqPath(expression, patterns, warnings);
    }
    if (live !== undefined && rule.managedFieldsManagers !== undefined) {
      patterns.push(...fieldsOwnedBy(live, rule.managedFieldsManagers));
    }
  }
  return { patterns, warnings };
}

function ruleMatches(rule: IgnoreDifference, key: ObjectKey): boolean {
  if ((rule.group ?? '') !== key.group || rule.kind !== key.kind) {
    return false;
  }
  if (rule.name !== undefined && rule.name !== '' && rule.name !== key.name) {
    return false;
  }
  return rule.namespace === undefined || rule.namespace === '' || rule.namespace === key.namespace;
}

function addPointer(pointer: string, patterns: string[][], warnings: string[]): void {
  try {
    patterns.push(parsePointer(pointer));
  } catch (error) {
    warnings.push(`ignoreDifferences: ${(error as Error).message}; the rule is not applied`);
  }
}

function addJqPath(expression: string, patterns: string[][], warnings: string[]): void {
  const segments = parseJqPath(expression);
  if (segments === undefined) {
    warnings.push(
      `ignoreDifferences: jqPathExpression "${expression}" is not a plain path such as ` +
        '`.spec.replicas` or `.spec.containers[].image`; the rule is not applied',
    );
    return;
  }
  patterns.push(segments);
}

const jqStep =
  /^(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\.?\["((?:[^"\\]|\\.)*)"\]|\.?"((?:[^"\\]|\\.)*)"|\[(\d*)\])/;

/**
 * Converts a jq path made only of field names, quoted keys, indexes and `[]` into pointer
 * segments (`[]` becomes `*`). Returns undefined for any other jq expression.
 */
export function parseJqPath(expression: string): string[] | undefined {
  let rest = expression.trim();
  const segments: string[] = [];
  if (rest === '.' || !rest.startsWith('.')) {
    return undefined;
  }

  while (rest !== '') {
    const match = jqStep.exec(rest);
    if (match === null) {
      return undefined;
    }
    const [step, field, bracketKey, quotedKey, index] = match;
    const quoted = bracketKey ?? quotedKey;
    if (field !== undefined) {
      segments.push(field);
    } else if (quoted !== undefined) {
      segments.push(JSON.parse(`"${quoted}"`) as string);
    } else {
      segments.push(index === '' || index === undefined ? '*' : index);
    }
    rest = rest.slice(step.length);
  }
  return segments;
}
