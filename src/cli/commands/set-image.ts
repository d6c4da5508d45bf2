import * as path from 'node:path';
import type { CliCommand, CliOption } from '../io';
import { flagValue, parseArgs, UsageError } from '../io';
import { setImagesInFile } from '../../core/images/file';
import { parseSetImageArguments, SetImageArgumentError } from '../../core/images/setImageArgs';
import type { SetImageRequest } from '../../core/images/setImageArgs';
import { setImageWarnings } from '../../core/images/warnings';
import { imagesInManifests } from '../../core/promote/plan';
import { readFileSync } from 'node:fs';

const setImageOptions: readonly CliOption[] = [
  { name: 'dry-run', help: 'print the edited kustomization instead of writing it' },
  {
    name: 'rendered',
    value: 'FILE',
    help: 'rendered manifests to warn about images the overlay does not use',
  },
];

export const setImageCommand: CliCommand = {
  name: 'set-image',
  usage: 'set-image DIR SPEC... [--dry-run] [--rendered FILE]',
  summary:
    'Set image names, tags or digests like `kustomize edit set image`, keeping comments and order',
  options: setImageOptions,
  async run(args, io) {
    const parsed = parseArgs(args, setImageOptions);
    const [target, ...specs] = parsed.positionals;
    if (target === undefined || specs.length === 0) {
      throw new UsageError(
        'give a kustomization folder (or file) and at least one image, such as myapp:1.2.3',
      );
    }

    const requests = parseRequests(specs);

    const dryRun = parsed.flags.has('dry-run');
    const result = setImagesInFile(path.resolve(io.cwd, target), requests, { dryRun });
    const renderedFile = flagValue(parsed, 'rendered');
    const rendered =
      renderedFile === undefined
        ? undefined
        : imagesInManifests(readFileSync(path.resolve(io.cwd, renderedFile), 'utf8'));
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

function parseRequests(specs: readonly string[]): SetImageRequest[] {
  let requests: SetImageRequest[];
  try {
    requests = parseSetImageArguments(specs);
  } catch (error) {
    if (error instanceof SetImageArgumentError) {
      throw new UsageError(error.message);
    }
    throw error;
  }

  // An argument such as `:1` parses to an entry without a name, which kustomize cannot match.
  const nameless = requests.find((request) => request.name === '');
  if (nameless !== undefined) {
    const separator = nameless.argument.startsWith('@') ? '@' : ':';
    const argument = nameless.argument;
    throw new UsageError(`the image name before "${separator}" is missing in '${argument}'`);
  }
  return requests;
}
