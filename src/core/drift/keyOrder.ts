import type { JsonObject, JsonValue } from './types';
import { isJsonObject } from './types';

/**
 * Orders the keys of `value` as in `reference`, recursively, so a live object reads like the
 * rendered one in a text diff. Keys only `value` has go last; list items pair by position.
 */
export function orderKeysLike(value: JsonValue, reference: JsonValue | undefined): JsonValue {
  if (Array.isArray(value)) {
    const items = Array.isArray(reference) ? reference : [];
    return value.map((item, index) => orderKeysLike(item, items[index]));
  }
  if (!isJsonObject(value)) {
    return value;
  }
  const template = isJsonObject(reference) ? reference : {};
  const keys = [
    ...Object.keys(template).filter((key) => key in value),
    ...Object.keys(value).filter((key) => !(key in template)),
  ];
  const ordered: JsonObject = {};
  for (const key of keys) {
    ordered[key] = orderKeysLike(value[key] as JsonValue, template[key]);
  }
  return ordered;
}
