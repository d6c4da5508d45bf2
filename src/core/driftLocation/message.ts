import type { Difference, JsonValue, ObjectKey } from '../drift/types';
import { describeKey } from '../drift/types';
import { parsePointer } from '../drift/jsonPointer';

/** Maximum length of a value in a message, in characters. Longer values end with `...`. */
const maxValueLength = 80;

/**
 * Writes one drifted field for people: `Deployment shop/web: spec.replicas is 5 on the cluster,
 * 3 in the workspace.` For a Secret it states only that the value differs, never the value.
 */
export function driftMessage(key: ObjectKey, difference: Difference): string {
  const field = fieldName(difference.path);
  const prefix = `${describeKey(key)}: ${field}`;
  if (key.kind === 'Secret') {
    return `${prefix} differs between the cluster and the workspace (Secret values are not shown).`;
  }
  if (difference.live === undefined) {
    const desired = formatValue(difference.desired);
    return `${prefix} is not set on the cluster; the workspace sets ${desired}.`;
  }
  if (difference.desired === undefined) {
    const live = formatValue(difference.live);
    return `${prefix} is ${live} on the cluster but not set in the workspace.`;
  }
  const live = formatValue(difference.live);
  const desired = formatValue(difference.desired);
  return `${prefix} is ${live} on the cluster, ${desired} in the workspace.`;
}

/**
 * Writes a JSON pointer as a dotted field path: `/spec/containers/0/image` becomes
 * `spec.containers[0].image`.
 */
export function fieldName(pointer: string): string {
  const segments = safeSegments(pointer);
  let name = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) {
      name += `[${segment}]`;
    } else {
      name += name === '' ? segment : /^[\w-]+$/.test(segment) ? `.${segment}` : `["${segment}"]`;
    }
  }
  return name === '' ? '(whole object)' : name;
}

function safeSegments(pointer: string): string[] {
  try {
    return parsePointer(pointer);
  } catch {
    return [pointer];
  }
}

function formatValue(value: JsonValue | undefined): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength - 3)}...` : text;
}
