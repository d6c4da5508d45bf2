import * as path from 'node:path';
import { formatText, toRecord } from '../../core/lint/format';
import { lintWorkspace } from '../../core/lint/linter';
import type { RenderFunction } from '../../core/lint/linter';
import { Renderer } from '../../core/render/renderer';
import { splitShellWords } from '../../core/render/shellWords';
import { WorkspaceModel } from '../../core/workspace/model';
import type { CliCommand, CliIo } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';

/** `gitops-workbench lint`: checks kustomizations and prints the findings; exit 1 on any error. */
export const lintCommand: CliCommand = {
  name: 'lint',
  usage: 'lint [DIR...] [--format json|text] [--static] [--build-options "FLAGS"]',
  summary: 'Check kustomizations for mistakes; exits 1 when any error is found',
  run: runLint,
};

async function runLint(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, ['format', 'build-options']);
  const format = flagValue(parsed, 'format') ?? 'text';
  if (format !== 'json' && format !== 'text') {
    throw new UsageError(`--format must be json or text, not "${format}"`);
  }
  const buildOptions = flagValue(parsed, 'build-options') ?? '';
  const folders = parsed.positionals.length === 0 ? [io.cwd] : parsed.positionals.map((dir) => path.resolve(io.cwd, dir));

  const model = new WorkspaceModel(folders);
  model.load();
  const render = parsed.flags.has('static') ? undefined : rendererFor(buildOptions, io);
  const loadRestricted = !splitShellWords(buildOptions).includes('LoadRestrictionsNone');
  const diagnostics = await lintWorkspace(model, { render, loadRestricted });

  if (format === 'json') {
    io.out(JSON.stringify(diagnostics.map(toRecord), null, 2) + '\n');
  } else {
    io.out(formatText(diagnostics, io.cwd));
  }
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
}

/** Creates a renderer that notes once on standard error when kustomize cannot run, then lints statically. */
function rendererFor(buildOptions: string, io: CliIo): RenderFunction {
  const renderer = new Renderer({ cacheEntries: 0 });
  let warned = false;
  return async (dir, signal) => {
    const result = await renderer.render(dir, { settings: { buildOptions } }, signal);
    const reason = result.error?.reason;
    if (!warned && (reason === 'engine-not-found' || reason === 'invalid-options')) {
      warned = true;
      io.err(`gitops-workbench lint: ${result.error?.message ?? ''}; only the checks that need no build ran.\n`);
    }
    return result;
  };
}
