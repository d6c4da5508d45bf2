/**
 * A container image reference split into its parts, following the Docker reference grammar:
 * `[registry[:port]/]path/name[:tag][@algorithm:hex]`.
 */
export interface ImageReference {
  /** Registry host with its port, for example `registry.example.com:5000`; undefined for Docker Hub short names. */
  readonly registry: string | undefined;
  /** Repository path below the registry, including the last component, for example `team/myapp`. */
  readonly path: string;
  /** Last path component, for example `myapp`. */
  readonly name: string;
  /** Registry and path joined: the reference without tag and digest. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/**
 * Parses an image reference. The first path component is a registry when it contains `.` or
 * `:` or is `localhost`, as in Docker, so `localhost:5000/proxy` has no tag. The tag starts at
 * the last `:` after the last `/`, and the digest at the first `@`.
 */
export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const withoutDigest = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? undefined : reference.slice(at + 1);

  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const repository = colon === -1 ? withoutDigest : withoutDigest.slice(0, colon);
  const tag = colon === -1 ? undefined : withoutDigest.slice(colon + 1);

  const firstSlash = repository.indexOf('/');
  const first = firstSlash === -1 ? '' : repository.slice(0, firstSlash);
  const hasRegistry =
    first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : undefined;
  const path = hasRegistry ? repository.slice(firstSlash + 1) : repository;
  const name = path.slice(path.lastIndexOf('/') + 1);

  return { registry, path, name, repository, tag, digest };
}

/** The parts kustomize v5.5.0 splits an image string into (`image.Split` in its API module). */
export interface KustomizeImageParts {
  readonly name: string;
  readonly tag: string;
  readonly digest: string;
}

/**
 * Splits an image string the way kustomize v5.5.0 does: the search for `:` and `@` starts at
 * the first `/`, so a registry port is never taken for a tag. Unlike Docker, the tag starts at
 * the first `:` after that point, even when another `/` follows it. Missing parts are empty.
 */
export function splitKustomizeImage(image: string): KustomizeImageParts {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const searched = image.slice(offset);
  const atInSearch = searched.indexOf('@');
  const colonInSearch = searched.indexOf(':');

  if (atInSearch < 0 && colonInSearch < 0) {
    return { name: image, tag: '', digest: '' };
  }

  const at = atInSearch + offset;
  const colon = colonInSearch + offset;
  if (atInSearch >= 0 && (colonInSearch < 0 || atInSearch < colonInSearch)) {
    return { name: image.slice(0, at), tag: '', digest: image.slice(at + 1) };
  }
  if (atInSearch >= 0) {
    return {
      name: image.slice(0, colon),
      tag: image.slice(colon + 1, at),
      digest: image.slice(at + 1),
    };
  }
  return { name: image.slice(0, colon), tag: image.slice(colon + 1), digest: '' };
}

/** Joins a name, an optional tag and an optional digest into one image string. */
export function formatImage(name: string, tag?: string, digest?: string): string {
  const withTag = tag === undefined || tag === '' ? name : `${name}:${tag}`;
  return digest === undefined || digest === '' ? withTag : `${withTag}@${digest}`;
}

/**
 * Characters kustomize v5.5.0 accepts in the tag and digest of a container image when it
 * decides whether an `images:` entry applies. An image whose tag has any other character
 * is never matched by a later entry.
 */
export const kustomizeTagPattern = /^[a-zA-Z0-9_.{}-]*$/;

/** Tag grammar of the OCI distribution specification: at most 128 characters. */
export const dockerTagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Builds the regular expression kustomize v5.5.0 compiles for an `images:` entry name: the
 * name is spliced in unescaped, followed by an optional tag and an optional sha256 digest.
 * Returns undefined when the name is not a valid expression (kustomize v5.5.0 then panics).
 */
export function kustomizeNamePattern(name: string): RegExp | undefined {
  try {
    return new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    return undefined;
  }
}

/** Tells whether an `images:` entry name applies to a container image, as kustomize v5.5.0 decides it. */
export function entryNameMatches(entryName: string, image: string): boolean {
  return kustomizeNamePattern(entryName)?.test(image) ?? false;
}
