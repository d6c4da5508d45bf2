import * as YAML from 'yaml';

/** Quoting of a scalar in the file. New values keep the style of the value they replace. */
export type QuoteStyle = 'plain' | 'double' | 'single';

/**
 * Tells whether a string must be quoted to stay a string. It must when a YAML 1.2 or a YAML 1.1
 * reader would read the plain text as anything else: a number (`1.10`, `2`, `1e3`, octal `0123`),
 * a boolean (`true`, and `yes`/`on` in YAML 1.1), null, or other syntax. kustomize v5.5.0 writes
 * through go-yaml v2, a YAML 1.1 library, and quotes such values the same way.
 */
export function needsQuotes(value: string): boolean {
  if (value === '' || value.trim() !== value || /[\n\r\t]/.test(value)) {
    return true;
  }
  return !readsBackAsString(value, '1.2') || !readsBackAsString(value, '1.1');
}

function readsBackAsString(value: string, version: '1.1' | '1.2'): boolean {
  const document = YAML.parseDocument(value, { version, logLevel: 'silent' });
  if (document.errors.length > 0 || document.warnings.length > 0) {
    return false;
  }
  return document.toJS() === value;
}

/**
 * Writes a string as a YAML scalar. The preferred style is kept when it can hold the value;
 * a plain value that needs quotes is double-quoted, as kustomize does.
 */
export function formatScalar(value: string, preferred: QuoteStyle = 'plain'): string {
  if (preferred === 'single' && !/[\n\r\t]/.test(value)) {
    return `'${value.replaceAll("'", "''")}'`;
  }
  if (preferred === 'double' || needsQuotes(value)) {
    return JSON.stringify(value);
  }
  return value;
}

/** Returns the quote style of a scalar node. Block scalars and anything else count as plain. */
export function quoteStyleOf(node: unknown): QuoteStyle {
  if (!YAML.isScalar(node)) {
    return 'plain';
  }
  if (node.type === YAML.Scalar.QUOTE_DOUBLE) {
    return 'double';
  }
  return node.type === YAML.Scalar.QUOTE_SINGLE ? 'single' : 'plain';
}
