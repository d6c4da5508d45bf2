import * as path from 'node:path';
import type { CliCommand } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';
import { setImagesInFile } from '../../core/images/file';
import { parseSetImageArguments, SetImageArgumentError } from '../../core/images/setImageArgs';
import { setImageWarnings } from '../../core/images/warnings';
import { imagesInManifests } from '../../core/promote/plan';
import { readFileSync } from 'node:fs';

export const setImageCommand: CliCommand = {
  name: 'set-image',
  usage: 'set-image DIR SPEC... [--dry-run] [--rendered FILE]',
  summary: 'Set image names, tags or digests like `kustomize edit set image`, keeping comments and order',
  async run(args, io) {
    const parsed = parseArgs(args, ['rendered']);
    const [target, ...specs] = parsed.positionals;
    if (target === undefined || specs.length === 0) {
      throw new UsageError('give a kustomization folder (or file) and at least one image, such as myapp:1.2.3');
    }

    let requests;
    try {
      requests = parseSetImageArguments(specs);
    } catch (error) {
      if (error instanceof SetImageArgumentError) {
        throw new UsageError(error.message);
      }
      throw error;
    }

    const dryRun = parsed.flags.has('dry-run');
    const result = setImagesInFile(path.resolve(io.cwd, target), requests, { dryRun });
    const renderedFile = flagValue(parsed, 'rendered');
    const rendered = renderedFile === undefined ? undefined : imagesInManifests(readFileSync(path.resolve(io.cwd, renderedFile), 'utf8'));
    for (const warning of setImageWarnings(result, requests, rendered)) {
      io.err(`warning: ${warning.message}\n`);
    }

    if (dryRun) {
      io.out(result.text);
      return 0;
    }
    const relative = path.relative(io.cwd, result.path) || result.path;
    for (const change of result.changes) {
      io.out(`${relative}: ${change.kind} ${change.name}\n`);
    }
    return 0;
  },
};
