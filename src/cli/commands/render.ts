import * as path from 'node:path';
import type { CliCommand, CliIo, CliOption, ParsedArgs } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';
import { render } from '../../core/render/renderer';
import type { RenderResult } from '../../core/render/renderResult';
import type { EngineChoice, RenderSettingNames, RenderSettings } from '../../core/render/settings';

const engineChoices: readonly EngineChoice[] = ['auto', 'kustomize', 'kubectl'];

/** The flags that set the engine, for render messages shown on the command line. */
export const cliSettingNames: RenderSettingNames = {
  engine: '--engine',
  binaryPath: '--kustomize-path',
  buildOptions: '--build-options',
};

const renderOptions: readonly CliOption[] = [
  {
    name: 'engine',
    value: 'auto|kustomize|kubectl',
    help: 'build program; auto tries kustomize, then kubectl (default auto)',
  },
  {
    name: 'kustomize-path',
    value: 'FILE',
    help: 'kustomize or kubectl binary to run instead of PATH',
  },
  {
    name: 'build-options',
    value: '"FLAGS"',
    help: 'extra build flags, as in Argo CD kustomize.buildOptions',
  },
  {
    name: 'timeout',
    value: 'SECONDS',
    help: 'time before the build is stopped (default 30 seconds)',
  },
];

/**
 * Prints the YAML that kustomize builds for DIR, byte for byte. Warnings go to standard error.
 * On failure the exit code is kustomize's own (1 if it never ran).
 */
export const renderCommand: CliCommand = {
  name: 'render',
  usage:
    'render DIR [--engine auto|kustomize|kubectl] [--kustomize-path FILE] ' +
    '[--build-options "FLAGS"] [--timeout SECONDS]',
  summary: 'Build a kustomization with kustomize or kubectl and print the YAML',
  options: renderOptions,
  async run(args, io) {
    const parsed = parseArgs(args, renderOptions);
    if (parsed.positionals.length !== 1) {
      throw new UsageError('expected exactly one DIR');
    }

    const dir = path.resolve(io.cwd, parsed.positionals[0] ?? '.');
    const result = await render(dir, { settings: settingsFromFlags(parsed) });
    printResult(result, io);
    return result.ok ? 0 : result.exitCode || 1;
  },
};

/** Reads `--engine`, `--kustomize-path`, `--build-options` and `--timeout`, shared with lint. */
export function settingsFromFlags(parsed: ParsedArgs): Partial<RenderSettings> {
  const engine = flagValue(parsed, 'engine') ?? 'auto';
  if (!engineChoices.includes(engine as EngineChoice)) {
    const choices = engineChoices.join(', ');
    throw new UsageError(`invalid --engine "${engine}": expected one of ${choices}`);
  }

  const settings: Partial<RenderSettings> = {
    settingNames: cliSettingNames,
    engine: engine as EngineChoice,
    binaryPath: flagValue(parsed, 'kustomize-path') ?? '',
    buildOptions: flagValue(parsed, 'build-options') ?? '',
  };

  const timeout = flagValue(parsed, 'timeout');
  if (timeout === undefined) {
    return settings;
  }
  const seconds = Number(timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`invalid --timeout "${timeout}": expected a positive number of seconds`);
  }
  return { ...settings, timeoutMs: seconds * 1000 };
}

function printResult(result: RenderResult, io: CliIo): void {
  for (const warning of result.warnings) {
    io.err(`${warning}\n`);
  }
  if (result.ok) {
    io.out(result.yaml);
    return;
  }

  const error = result.error;
  io.err(`gitops-workbench render: ${error?.message ?? `${result.dir} failed`}\n`);
  const location = error?.location;
  if (location?.file !== undefined) {
    const line = location.line === undefined ? '' : `:${location.line}`;
    io.err(`  at ${location.file}${line}: ${location.message}\n`);
  }
}
