/** The operations of RFC 6902. */
export const jsonPatchOps: readonly string[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

export interface JsonPatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/** Why an operation fails, or a note when it succeeds in a way RFC 6902 does not describe. */
export interface OperationOutcome {
  readonly status: 'applied' | 'failed' | 'created-by-replace';
  /** Which pointer failed: the operation's `path` or its `from`. */
  readonly pointer?: 'path' | 'from';
  readonly reason?: string;
}

/** Splits a JSON pointer into unescaped tokens; `''` is the whole document. */
export function parsePointer(pointer: string): string[] | undefined {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    return undefined;
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function child(container: Container, token: string): unknown {
  if (Array.isArray(container)) {
    return /^\d+$/.test(token) ? container[Number(token)] : undefined;
  }
  return Object.prototype.hasOwnProperty.call(container, token) ? container[token] : undefined;
}

/** Returns the value at a pointer, or undefined when any step is missing. */
export function valueAt(document: unknown, tokens: readonly string[]): unknown {
  let current: unknown = document;
  for (const token of tokens) {
    if (!isContainer(current)) {
      return undefined;
    }
    current = child(current, token);
  }
  return current;
}

/**
 * Applies one operation to `document` in place, with the behaviour of the JSON patch library in
 * kustomize v5.5.0: `replace` of a missing object member creates it instead of failing.
 */
export function applyOperation(document: unknown, operation: JsonPatchOperation): OperationOutcome {
  const tokens = parsePointer(operation.path);
  if (tokens === undefined) {
    return { status: 'failed', pointer: 'path', reason: 'the path must start with "/"' };
  }

  switch (operation.op) {
    case 'add':
      return add(document, tokens, operation.value);
    case 'remove':
      return remove(document, tokens);
    case 'replace':
      return replace(document, tokens, operation.value);
    case 'test':
      return test(document, tokens, operation.value);
    case 'move':
    case 'copy':
      return moveOrCopy(document, tokens, operation);
    default:
      return { status: 'failed', pointer: 'path', reason: `unknown operation "${operation.op}"` };
  }
}

function parentOf(document: unknown, tokens: readonly string[]): Container | undefined {
  const parent = valueAt(document, tokens.slice(0, -1));
  return isContainer(parent) ? parent : undefined;
}

function missingParent(tokens: readonly string[]): OperationOutcome {
  const parent = '/' + tokens.slice(0, -1).join('/');
  return { status: 'failed', pointer: 'path', reason: `the parent ${parent} does not exist` };
}

function add(document: unknown, tokens: readonly string[], value: unknown): OperationOutcome {
  const parent = parentOf(document, tokens);
  const last = tokens.at(-1);
  if (parent === undefined || last === undefined) {
    return tokens.length === 0 ? { status: 'applied' } : missingParent(tokens);
  }
  if (!Array.isArray(parent)) {
    parent[last] = value;
    return { status: 'applied' };
  }
  if (last === '-') {
    parent.push(value);
    return { status: 'applied' };
  }
  const index = Number(last);
  if (!/^\d+$/.test(last) || index > parent.length) {
    return {
      status: 'failed',
      pointer: 'path',
      reason: `index ${last} is outside the list of ${parent.length} items`,
    };
  }
  parent.splice(index, 0, value);
  return { status: 'applied' };
}

function remove(document: unknown, tokens: readonly string[]): OperationOutcome {
  const parent = parentOf(document, tokens);
  const last = tokens.at(-1);
  if (parent === undefined || last === undefined || child(parent, last) === undefined) {
    return { status: 'failed', pointer: 'path', reason: 'the path does not exist' };
  }
  if (Array.isArray(parent)) {
    parent.splice(Number(last), 1);
  } else {
    delete parent[last];
  }
  return { status: 'applied' };
}

function replace(document: unknown, tokens: readonly string[], value: unknown): OperationOutcome {
  const parent = parentOf(document, tokens);
  const last = tokens.at(-1);
  if (parent === undefined || last === undefined) {
    return tokens.length === 0 ? { status: 'applied' } : missingParent(tokens);
  }
  const existed = child(parent, last) !== undefined;
  if (Array.isArray(parent)) {
    if (!existed) {
      return {
        status: 'failed',
        pointer: 'path',
        reason: `index ${last} is outside the list of ${parent.length} items`,
      };
    }
    parent[Number(last)] = value;
    return { status: 'applied' };
  }
  parent[last] = value;
  return { status: existed ? 'applied' : 'created-by-replace' };
}

function test(document: unknown, tokens: readonly string[], value: unknown): OperationOutcome {
  const current = valueAt(document, tokens);
  if (current === undefined) {
    return { status: 'failed', pointer: 'path', reason: 'the path does not exist' };
  }
  if (JSON.stringify(current) !== JSON.stringify(value)) {
    return {
      status: 'failed',
      pointer: 'path',
      reason: `the value is ${JSON.stringify(current)}, not ${JSON.stringify(value)}`,
    };
  }
  return { status: 'applied' };
}

function moveOrCopy(
  document: unknown,
  tokens: readonly string[],
  operation: JsonPatchOperation,
): OperationOutcome {
  const fromTokens = parsePointer(operation.from ?? '');
  const value = fromTokens === undefined ? undefined : valueAt(document, fromTokens);
  if (fromTokens === undefined || value === undefined) {
    return {
      status: 'failed',
      pointer: 'from',
      reason: `"from" ${operation.from ?? ''} does not exist`,
    };
  }
  if (operation.op === 'move') {
    remove(document, fromTokens);
  }
  return add(document, tokens, structuredClone(value));
}
