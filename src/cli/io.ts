/** Output streams and working directory of one CLI run, so commands can be tested without a process. */
export interface CliIo {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

/** A subcommand: takes the arguments after its name and returns the process exit code. */
export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A command-line mistake: printed with the command's usage and exit code 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Map<string, string | true>;
}

/**
 * Splits arguments into positionals and `--flag[=value]` options. Flags named in
 * `valued` take the next argument as their value when no `=` is given.
 */
export function parseArgs(args: readonly string[], valued: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }

    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    if (equals !== -1) {
      flags.set(name, arg.slice(equals + 1));
    } else if (valued.includes(name)) {
      const value = args[i + 1];
      if (value === undefined) {
        throw new UsageError(`option --${name} needs a value`);
      }
      flags.set(name, value);
      i++;
    } else {
      flags.set(name, true);
    }
  }

  return { positionals, flags };
}

/** Returns the string value of a flag, or undefined; rejects a flag given without a value. */
export function flagValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags.get(name);
  if (value === true) {
    throw new UsageError(`option --${name} needs a value`);
  }
  return value;
}
