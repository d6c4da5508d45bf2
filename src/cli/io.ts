/** Output streams and working directory of one CLI run, so commands can be tested without a process. */
export interface CliIo {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

/** One `--name` option of a command, as `--help` lists it and `parseArgs` accepts it. */
export interface CliOption {
  readonly name: string;
  /** Placeholder of the option's value, such as FILE, or undefined for an on/off flag. */
  readonly value?: string;
  /** Description of the value the option sets, with its unit or default. */
  readonly help: string;
}

/** A subcommand: takes the arguments after its name and returns the process exit code. */
export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** The options `--help` lists, one line each. */
  readonly options?: readonly CliOption[];
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A command-line mistake: printed with the command's usage and exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
}

/**
 * Splits arguments into positionals and `--flag[=value]` options. With a list of `CliOption`s,
 * options that take a value read the next argument when no `=` is given, and any option not in
 * the list is rejected. A plain list of names only marks the valued options and accepts any
 * other option as an on/off flag.
 */
export function parseArgs(
  args: readonly string[],
  options: readonly CliOption[] | readonly string[] = [],
): ParsedArgs {
  const known = isOptionList(options) ? options : undefined;
  const valued = known === undefined ? (options as readonly string[]) : valuedNames(known);
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }

    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    if (known !== undefined) {
      checkKnown(name, known, equals !== -1);
    }
    if (equals !== -1) {
      flags.set(name, arg.slice(equals + 1));
    } else if (valued.includes(name)) {
      flags.set(name, nextValue(args, i, name));
      i++;
    } else {
      flags.set(name, true);
    }
  }

  return { positionals, flags };
}

function isOptionList(
  options: readonly CliOption[] | readonly string[],
): options is readonly CliOption[] {
  return options.length > 0 && typeof options[0] !== 'string';
}

function valuedNames(options: readonly CliOption[]): string[] {
  return options.filter((option) => option.value !== undefined).map((option) => option.name);
}

function nextValue(args: readonly string[], index: number, name: string): string {
  const value = args[index + 1];
  if (value === undefined) {
    throw new UsageError(`option --${name} needs a value`);
  }
  return value;
}

function checkKnown(name: string, options: readonly CliOption[], hasValue: boolean): void {
  const option = options.find((candidate) => candidate.name === name);
  if (option === undefined) {
    const suggestion = closestOption(name, options);
    const hint = suggestion === undefined ? '' : `; did you mean --${suggestion}?`;
    throw new UsageError(`unknown option --${name}${hint}`);
  }
  if (hasValue && option.value === undefined) {
    throw new UsageError(`option --${name} takes no value`);
  }
}

/** Returns the option name within two edits of `name`, or one that starts with it, if any. */
function closestOption(name: string, options: readonly CliOption[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const option of options) {
    const distance = option.name.startsWith(name) ? 1 : editDistance(name, option.name);
    if (distance <= 2 && (best === undefined || distance < best.distance)) {
      best = { name: option.name, distance };
    }
  }
  return best?.name;
}

/** Levenshtein distance: the number of inserted, deleted or replaced characters. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(replace, (previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Formats the option lines of `--help`: the option and its value, then what it sets. */
export function formatOptions(options: readonly CliOption[]): string {
  const labels = options.map((option) => {
    return option.value === undefined ? `--${option.name}` : `--${option.name} ${option.value}`;
  });
  const width = Math.min(Math.max(0, ...labels.map((label) => label.length)), 28);
  const lines = options.map((option, index) => {
    const label = labels[index] ?? '';
    const gap =
      label.length > width ? `\n  ${' '.repeat(width)}` : ' '.repeat(width - label.length);
    return `  ${label}${gap}  ${option.help}`;
  });
  return lines.join('\n') + '\n';
}

/** Returns the string value of a flag, or undefined; rejects a flag given without a value. */
export function flagValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags.get(name);
  if (value === true) {
    throw new UsageError(`option --${name} needs a value`);
  }
  return value;
}
