import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatText, toRecord } from '../../core/lint/format';
import { lintWorkspace } from '../../core/lint/linter';
import type { RenderFunction } from '../../core/lint/linter';
import { Renderer } from '../../core/render/renderer';
import type { RenderResult } from '../../core/render/renderResult';
import type { RenderSettings } from '../../core/render/settings';
import { splitShellWords } from '../../core/render/shellWords';
import { WorkspaceModel } from '../../core/workspace/model';
import type { CliCommand, CliIo, CliOption, ParsedArgs } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';
import { settingsFromFlags } from './render';

const lintOptions: readonly CliOption[] = [
  { name: 'format', value: 'json|text', help: 'output format (default text)' },
  { name: 'static', help: 'run only the checks that need no kustomize build' },
  {
    name: 'build-options',
    value: '"FLAGS"',
    help: 'extra build flags, as in Argo CD kustomize.buildOptions',
  },
  {
    name: 'timeout',
    value: 'SECONDS',
    help: 'time before each build is stopped (default 30 seconds)',
  },
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
];

/** Editor settings that render messages name, and the lint flags that set the same option. */
const flagsForSettings: readonly [string, string][] = [
  ['`gitops.kustomize.path`', '--kustomize-path'],
  ['`gitops.kustomize.engine`', '--engine'],
  ['`gitops.kustomize.buildOptions`', '--build-options'],
];

/** `gitops-workbench lint`: checks kustomizations and prints the findings; exit 1 on any error. */
export const lintCommand: CliCommand = {
  name: 'lint',
  usage:
    'lint [DIR...] [--format json|text] [--static] [--build-options "FLAGS"] ' +
    '[--timeout SECONDS] [--engine auto|kustomize|kubectl] [--kustomize-path FILE]',
  summary: 'Check kustomizations for mistakes; exits 1 when any error is found',
  options: lintOptions,
  run: runLint,
};

async function runLint(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, lintOptions);
  const format = flagValue(parsed, 'format') ?? 'text';
  if (format !== 'json' && format !== 'text') {
    throw new UsageError(`--format must be json or text, not "${format}"`);
  }
  const settings = settingsFromFlags(parsed);
  const folders = lintFolders(parsed, io.cwd);

  const model = new WorkspaceModel(folders);
  model.load();
  const render = parsed.flags.has('static') ? undefined : rendererFor(settings);
  const buildFlags = splitShellWords(settings.buildOptions ?? '');
  const loadRestricted = !buildFlags.includes('LoadRestrictionsNone');
  const timeoutOption = '--timeout SECONDS';
  const diagnostics = await lintWorkspace(model, { render, loadRestricted, timeoutOption });

  if (format === 'json') {
    io.out(JSON.stringify(diagnostics.map(toRecord), null, 2) + '\n');
  } else {
    io.out(formatText(diagnostics, io.cwd));
  }
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
}

/** Resolves the DIR arguments, default the working directory. A missing folder is a usage error. */
function lintFolders(parsed: ParsedArgs, cwd: string): string[] {
  const dirs = parsed.positionals.length === 0 ? ['.'] : parsed.positionals;
  const folders = dirs.map((dir) => path.resolve(cwd, dir));
  for (const folder of folders) {
    if (!isDirectory(folder)) {
      throw new UsageError(`folder not found: ${folder}. Pass an existing folder to lint.`);
    }
  }
  return folders;
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** Creates a renderer whose failure messages name lint's flags in place of editor settings. */
function rendererFor(settings: Partial<RenderSettings>): RenderFunction {
  const renderer = new Renderer({ cacheEntries: 0 });
  return async (dir, signal) => withFlagNames(await renderer.render(dir, { settings }, signal));
}

function withFlagNames(result: RenderResult): RenderResult {
  const error = result.error;
  if (error === undefined) {
    return result;
  }
  let message = error.message;
  for (const [setting, flag] of flagsForSettings) {
    message = message.split(setting).join(flag);
  }
  return { ...result, error: { ...error, message } };
}
