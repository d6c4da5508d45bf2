import type { JsonObject, JsonValue } from './types';
import { isJsonObject } from './types';

/**
 * Lists the JSON pointer segments of the fields that the named managers own in `live`, read
 * from `metadata.managedFields` (FieldsV1). A pointer to a leaf or an atomic field covers
 * everything below it; entries of the status and scale subresources count like any other.
 */
export function fieldsOwnedBy(live: JsonObject, managers: readonly string[]): string[][] {
  const metadata = live['metadata'];
  const entries = isJsonObject(metadata) ? metadata['managedFields'] : undefined;
  if (!Array.isArray(entries)) {
    return [];
  }

  const owned: string[][] = [];
  for (const entry of entries) {
    if (!isJsonObject(entry) || typeof entry['manager'] !== 'string') {
      continue;
    }
    if (!managers.includes(entry['manager']) || !isJsonObject(entry['fieldsV1'])) {
      continue;
    }
    collectFields(entry['fieldsV1'], live, [], owned);
  }
  return owned;
}

function collectFields(
  fields: JsonObject,
  value: JsonValue | undefined,
  path: string[],
  out: string[][],
): void {
  for (const [key, children] of Object.entries(fields)) {
    if (key === '.') {
      continue;
    }
    const step = resolveStep(key, value);
    if (step === undefined) {
      continue;
    }

    const childPath = [...path, step.segment];
    if (!isJsonObject(children) || hasOnlyDot(children)) {
      out.push(childPath);
      continue;
    }
    collectFields(children, step.value, childPath, out);
  }
}

function hasOnlyDot(children: JsonObject): boolean {
  const keys = Object.keys(children);
  return keys.every((key) => key === '.');
}

interface Step {
  readonly segment: string;
  readonly value: JsonValue | undefined;
}

/** Maps one FieldsV1 key (`f:name`, `k:{...}`, `v:value`, `i:index`) to a segment of `value`. */
function resolveStep(key: string, value: JsonValue | undefined): Step | undefined {
  const body = key.slice(2);
  if (key.startsWith('f:')) {
    return { segment: body, value: isJsonObject(value) ? value[body] : undefined };
  }
  if (!Array.isArray(value)) {
    return undefined;
  }

  let index = -1;
  if (key.startsWith('i:')) {
    index = Number(body);
  } else if (key.startsWith('k:')) {
    const wanted = parseJson(body);
    index = value.findIndex((item) => isJsonObject(wanted) && matchesKeys(item, wanted));
  } else if (key.startsWith('v:')) {
    const wanted = JSON.stringify(parseJson(body));
    index = value.findIndex((item) => JSON.stringify(item) === wanted);
  }
  if (index < 0 || index >= value.length) {
    return undefined;
  }
  return { segment: String(index), value: value[index] };
}

function matchesKeys(item: JsonValue, keys: JsonObject): boolean {
  if (!isJsonObject(item)) {
    return false;
  }
  return Object.entries(keys).every(([name, expected]) => {
    return JSON.stringify(item[name]) === JSON.stringify(expected);
  });
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
