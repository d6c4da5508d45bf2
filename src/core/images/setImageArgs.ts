import { splitKustomizeImage } from './reference';

/** The argument value that keeps the existing new name, new tag or digest of an entry. */
export const keepExisting = '*';

/**
 * One argument of `kustomize edit set image`, resolved to the entry it writes. A field is
 * undefined when the argument leaves it out, and `*` when the argument keeps the existing value.
 */
export interface SetImageRequest {
  readonly argument: string;
  readonly name: string;
  readonly newName: string | undefined;
  readonly newTag: string | undefined;
  readonly digest: string | undefined;
  /** True for `image:` with nothing after the colon, which sets no tag. */
  readonly emptyTag: boolean;
}

/** An argument that is not one of the forms `kustomize edit set image` accepts. */
export class SetImageArgumentError extends Error {}

const acceptedForms = [
  '<image>:<newtag>',
  '<image>@<digest>',
  '<image>:<newtag>@<digest>',
  '<image>=<newimage>',
  '<image>=<newimage>:<newtag>',
  '<image>=<newimage>@<digest>',
  '<image>=<newimage>:<newtag>@<digest>',
];

/**
 * Parses one argument the way kustomize v5.5.0 does. The text before the first `=` is the
 * entry name. The rest is split into name, tag and digest from the first `/` on, so a
 * registry port stays in the name. Without `=`, a tag or a digest is required.
 */
export function parseSetImageArgument(argument: string): SetImageRequest {
  const equals = argument.indexOf('=');
  const key = equals === -1 ? undefined : argument.slice(0, equals);
  const value = equals === -1 ? argument : argument.slice(equals + 1);
  const parts = splitKustomizeImage(value);

  if (parts.name === argument) {
    throw new SetImageArgumentError(
      `invalid image argument "${argument}": give a tag or a digest, or a new image after "=". ` +
        `Accepted forms: ${acceptedForms.join(', ')}`,
    );
  }
  if (key === '') {
    throw new SetImageArgumentError(
      `invalid image argument "${argument}": the image name before "=" is missing`,
    );
  }
  if (key !== undefined && parts.name === '') {
    // NOTE: kustomize v5.5.0 accepts `image=` and writes an entry with only a name, which changes nothing.
    throw new SetImageArgumentError(
      `invalid image argument "${argument}": the new image after "=" is missing`,
    );
  }

  const emptyTag = parts.tag === '' && value.endsWith(':');
  return {
    argument,
    name: key ?? parts.name,
    newName: key === undefined ? undefined : parts.name,
    newTag: parts.tag === '' ? undefined : parts.tag,
    digest: parts.digest === '' ? undefined : parts.digest,
    emptyTag,
  };
}

/**
 * Parses every argument. When two arguments name the same image the later one wins, as in
 * kustomize. Names keep the order of their first appearance, so new entries are appended predictably.
 */
export function parseSetImageArguments(argumentList: readonly string[]): SetImageRequest[] {
  if (argumentList.length === 0) {
    throw new SetImageArgumentError(
      'no image given: pass at least one argument such as myapp:1.2.3',
    );
  }

  const byName = new Map<string, SetImageRequest>();
  for (const argument of argumentList) {
    const request = parseSetImageArgument(argument);
    byName.set(request.name, request);
  }
  return [...byName.values()];
}
