import type { CliCommand, CliIo } from './io';
import { formatOptions, UsageError } from './io';
import { commands } from './commands';

const processIo: CliIo = {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function printHelp(io: CliIo): void {
  const lines = ['Usage: gitops-workbench <command> [options]', '', 'Commands:'];
  for (const command of commands) {
    lines.push(`  ${command.name.padEnd(10)} ${command.summary}`);
  }
  lines.push('', 'Run `gitops-workbench <command> --help` for the options of one command.');
  io.out(lines.join('\n') + '\n');
}

function printCommandHelp(command: CliCommand, io: CliIo): void {
  io.out(`Usage: gitops-workbench ${command.usage}\n\n${command.summary}\n`);
  if (command.options !== undefined && command.options.length > 0) {
    io.out(`\nOptions:\n${formatOptions(command.options)}`);
  }
}

/** Runs one CLI invocation and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printHelp(io);
    return name === undefined ? 2 : 0;
  }

  const command: CliCommand | undefined = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.err(`gitops-workbench: unknown command "${name}"\n`);
    printHelp(io);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    printCommandHelp(command, io);
    return 0;
  }

  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = `Usage: gitops-workbench ${command.usage}`;
      io.err(`gitops-workbench ${command.name}: ${error.message}\n${usage}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`gitops-workbench ${command.name}: ${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`gitops-workbench: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
