/** Standard error of a build, split into kustomize's error text and its warning lines. */
export interface KustomizeStderr {
  /** kustomize's own error without kubectl's log prefix or kustomize's `Error: `, or ''. */
  readonly error: string;
  /** Lines such as `# Warning: 'bases' is deprecated. ...`, without line ends. */
  readonly warnings: string[];
}

/**
 * The klog line kubectl v1.32 writes for a failed build, such as `E1204 15:39:22.697410 15646
 * run.go:72] "command failed" err="..."`. The error is a Go-quoted string, or `err=<` followed
 * by tab-indented lines and ` >` when it spans lines. kustomize's warnings carry no line end,
 * so this log line may start in the middle of a line.
 */
const klogFailure = /E\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] "command failed" err=/;

/** Splits a build's standard error into the error text and the warnings. */
export function parseKustomizeStderr(stderr: string): KustomizeStderr {
  const klog = klogFailure.exec(stderr);
  if (klog !== null) {
    const rest = stderr.slice(klog.index + klog[0].length);
    return { error: decodeKlogValue(rest), warnings: warningLines(stderr.slice(0, klog.index)) };
  }

  const panic = stderr.indexOf('panic: ');
  if (panic !== -1) {
    const warnings = warningLines(stderr.slice(0, panic));
    return { error: panicSummary(stderr.slice(panic)), warnings };
  }

  const cobra = /^Error: /m.exec(stderr);
  if (cobra !== null) {
    const error = stderr.slice(cobra.index + cobra[0].length).trimEnd();
    return { error, warnings: warningLines(stderr.slice(0, cobra.index)) };
  }

  const warnings = warningLines(stderr);
  const other = stderr
    .split('\n')
    .filter((line) => !line.startsWith('# Warning:'))
    .join('\n')
    .trim();
  return { error: other, warnings };
}

function warningLines(text: string): string[] {
  return text
    .split('# Warning:')
    .slice(1)
    .map((part) => `# Warning:${part.split('\n')[0] ?? ''}`.trimEnd());
}

/** Keeps the panic line and the first kustomize stack frame, which locate the crash. */
function panicSummary(text: string): string {
  const lines = text.split('\n');
  const frame = lines.find((line) => line.startsWith('sigs.k8s.io/kustomize'));
  return [lines[0] ?? '', frame ?? ''].filter((line) => line !== '').join('\n');
}

function decodeKlogValue(rest: string): string {
  if (rest.startsWith('"')) {
    return unquoteGoString(rest);
  }

  if (rest.startsWith('<\n')) {
    const lines: string[] = [];
    for (const line of rest.slice(2).split('\n')) {
      if (line === ' >' || !line.startsWith('\t')) {
        break;
      }
      lines.push(line.slice(1));
    }
    return lines.join('\n');
  }

  return (rest.split('\n')[0] ?? '').trim();
}

const simpleEscapes: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '"': '"',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** Decodes a Go `%q` string from its opening quote up to its closing quote. */
export function unquoteGoString(text: string): string {
  let value = '';
  let i = 1;

  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '"') {
      return value;
    }
    if (char !== '\\') {
      value += char;
      i++;
      continue;
    }

    const escape = text.charAt(i + 1);
    const width = { x: 2, u: 4, U: 8 }[escape];
    if (width !== undefined) {
      value += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + width), 16));
      i += 2 + width;
    } else {
      value += simpleEscapes[escape] ?? escape;
      i += 2;
    }
  }
  return value;
}
