/**
 * Comparison keys for git repository URLs, so an Application's `repoURL` can be matched to the
 * `origin` of a local clone whatever form either side uses.
 *
 * Two URLs name the same repository when their keys are equal. The key drops the scheme, the
 * credentials, the default port, a trailing `.git` and slashes, and is lowercase throughout,
 * because Argo CD compares repository URLs the same way (its `git.NormalizeGitURL` lowercases the
 * whole URL). So `git@Host:org/repo`, `ssh://git@host:22/org/repo.git` and
 * `https://user:token@host/org/repo/` share the key `host/org/repo`.
 */

const defaultPorts: Readonly<Record<string, string>> = {
  'http:': '80',
  'https:': '443',
  'ssh:': '22',
  'git:': '9418',
};

/** Scp-like address `[user@]host:path`, which git accepts when the host part has no slash. */
const scpLikeAddress = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.+)$/;

/** Returns the comparison key of a repository URL, or undefined when it is not a git URL. */
export function repoUrlKey(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '') {
    return undefined;
  }

  if (!trimmed.includes('://')) {
    return keyOfScpLike(trimmed);
  }

  return keyOfUrl(trimmed);
}

/** Returns true when both URLs name the same repository. */
export function isSameRepository(left: string, right: string): boolean {
  const leftKey = repoUrlKey(left);
  return leftKey !== undefined && leftKey === repoUrlKey(right);
}

function keyOfScpLike(address: string): string | undefined {
  const match = scpLikeAddress.exec(address);
  const host = match?.[1];
  const repositoryPath = match?.[2];
  if (host === undefined || repositoryPath === undefined) {
    return undefined;
  }
  return joinKey(host, '', repositoryPath);
}

function keyOfUrl(text: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }

  if (parsed.protocol === 'file:' || parsed.hostname === '') {
    return undefined;
  }

  const port = parsed.port === defaultPorts[parsed.protocol] ? '' : parsed.port;
  return joinKey(parsed.hostname, port, decodeURIComponent(parsed.pathname));
}

function joinKey(host: string, port: string, repositoryPath: string): string | undefined {
  const cleanPath = repositoryPath
    .split('/')
    .filter((segment) => segment !== '')
    .join('/')
    .replace(/\.git$/i, '');
  if (cleanPath === '') {
    return undefined;
  }

  const authority = port === '' ? host : `${host}:${port}`;
  return `${authority}/${cleanPath}`.toLowerCase();
}
