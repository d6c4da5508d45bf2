import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  readdirSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import * as YAML from 'yaml';
import { setImagesInText } from '../../src/core/images/edit';
import type { ImageEntry } from '../../src/core/images/entries';
import { setImagesInFile } from '../../src/core/images/file';
import {
  formatImage,
  parseImageReference,
  splitKustomizeImage,
} from '../../src/core/images/reference';
import { formatScalar, needsQuotes } from '../../src/core/images/scalar';
import { ImagesSectionError } from '../../src/core/images/section';
import {
  parseSetImageArgument,
  parseSetImageArguments,
  SetImageArgumentError,
} from '../../src/core/images/setImageArgs';
import { setImageWarnings } from '../../src/core/images/warnings';

const repositoryRoot = resolve(__dirname, '../../..');
const sharedRoot = resolve(process.env['GITOPS_SHARED'] ?? join(repositoryRoot, '../shared'));
const casesRoot = join(sharedRoot, 'cases');
const casesSkip = existsSync(casesRoot)
  ? false
  : `shared cases not found at ${casesRoot}; set GITOPS_SHARED`;

function readCase(relative: string): string {
  return readFileSync(join(casesRoot, relative), 'utf8');
}

function edit(text: string, ...argumentList: string[]): ReturnType<typeof setImagesInText> {
  return setImagesInText('kustomization.yaml', text, parseSetImageArguments(argumentList));
}

/** Reads the `images:` entries of a kustomization text as plain objects. */
function imagesOf(text: string): ImageEntry[] {
  const parsed = YAML.parse(text) as { images?: ImageEntry[] } | null;
  return parsed?.images ?? [];
}

/** Entries sorted by name, the order `kustomize edit` writes them in. */
function sortedByName(entries: readonly ImageEntry[]): ImageEntry[] {
  const byteOrder = (a: ImageEntry, b: ImageEntry): number => {
    if (a.name === b.name) {
      return 0;
    }
    return a.name < b.name ? -1 : 1;
  };
  return [...entries].sort(byteOrder);
}

/** Collects every `image:` string of a multi-document YAML text. */
function imagesInManifests(text: string): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'image' && typeof child === 'string') {
          found.push(child);
        }
        walk(child);
      }
    }
  };
  YAML.parseAllDocuments(text).forEach((document) => walk(document.toJS()));
  return found;
}

/**
 * Asserts that the edit changed only lines inside [firstLine, lastLine] of the original (0-based)
 * or added lines there: the common prefix and suffix must cover everything else.
 */
function assertChangedOnlyWithin(
  before: string,
  after: string,
  firstLine: number,
  lastLine: number,
): void {
  const a = before.split('\n');
  const b = after.split('\n');
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix++;
  }
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  const changedEnd = a.length - suffix - 1;
  assert.ok(prefix >= firstLine, `line ${prefix + 1} changed, before the image list`);
  assert.ok(changedEnd <= lastLine, `line ${changedEnd + 1} changed, after the image list`);
}

describe('image references', () => {
  it('keeps a registry port in the repository', () => {
    const reference = parseImageReference('registry.example.com:5000/team/myapp:1.2@sha256:abc');
    assert.equal(reference.registry, 'registry.example.com:5000');
    assert.equal(reference.path, 'team/myapp');
    assert.equal(reference.name, 'myapp');
    assert.equal(reference.repository, 'registry.example.com:5000/team/myapp');
    assert.equal(reference.tag, '1.2');
    assert.equal(reference.digest, 'sha256:abc');
  });

  it('reads an untagged port reference', () => {
    const reference = parseImageReference('localhost:5000/proxy');
    assert.equal(reference.registry, 'localhost:5000');
    assert.equal(reference.tag, undefined);
    assert.equal(reference.name, 'proxy');
  });

  it('treats a first component without dot as path', () => {
    const reference = parseImageReference('team/app:v1');
    assert.equal(reference.registry, undefined);
    assert.equal(reference.path, 'team/app');
    assert.equal(reference.tag, 'v1');
  });

  it('reads localhost and short names', () => {
    assert.equal(parseImageReference('localhost/app').registry, 'localhost');
    assert.deepEqual(parseImageReference('redis'), {
      registry: undefined,
      path: 'redis',
      name: 'redis',
      repository: 'redis',
      tag: undefined,
      digest: undefined,
    });
  });

  it('splits like kustomize', () => {
    assert.deepEqual(splitKustomizeImage('host:5000/a/b:1@sha256:x'), {
      name: 'host:5000/a/b',
      tag: '1',
      digest: 'sha256:x',
    });
    assert.deepEqual(splitKustomizeImage('localhost:5000/proxy'), {
      name: 'localhost:5000/proxy',
      tag: '',
      digest: '',
    });
    assert.deepEqual(splitKustomizeImage('nginx@sha256:x'), {
      name: 'nginx',
      tag: '',
      digest: 'sha256:x',
    });
    assert.deepEqual(splitKustomizeImage('nginx:1.25'), { name: 'nginx', tag: '1.25', digest: '' });
    assert.equal(formatImage('a/b', '1', 'sha256:x'), 'a/b:1@sha256:x');
  });
});

describe('set-image arguments', () => {
  const digest = 'sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3';
  const table: [string, Record<string, string | undefined>][] = [
    ['app:1.0', { name: 'app', newName: undefined, newTag: '1.0', digest: undefined }],
    [`app@${digest}`, { name: 'app', newName: undefined, newTag: undefined, digest }],
    [`app:1.0@${digest}`, { name: 'app', newName: undefined, newTag: '1.0', digest }],
    ['app=other/app', { name: 'app', newName: 'other/app', newTag: undefined, digest: undefined }],
    ['app=other/app:2', { name: 'app', newName: 'other/app', newTag: '2', digest: undefined }],
    [`app=other/app@${digest}`, { name: 'app', newName: 'other/app', newTag: undefined, digest }],
    [`app=other/app:2@${digest}`, { name: 'app', newName: 'other/app', newTag: '2', digest }],
    ['app=*:3', { name: 'app', newName: '*', newTag: '3', digest: undefined }],
    ['app:*', { name: 'app', newName: undefined, newTag: '*', digest: undefined }],
    ['app=other:*@*', { name: 'app', newName: 'other', newTag: '*', digest: '*' }],
    [
      'host:5000/team/app:1.3.0',
      { name: 'host:5000/team/app', newName: undefined, newTag: '1.3.0', digest: undefined },
    ],
    [
      'app=host:5000/team/app',
      { name: 'app', newName: 'host:5000/team/app', newTag: undefined, digest: undefined },
    ],
    ['host/a:1=b:2', { name: 'host/a:1', newName: 'b', newTag: '2', digest: undefined }],
  ];
  for (const [argument, expected] of table) {
    it(`parses ${argument.replace(digest, '<digest>')}`, () => {
      const request = parseSetImageArgument(argument);
      assert.equal(request.name, expected['name']);
      assert.equal(request.newName, expected['newName']);
      assert.equal(request.newTag, expected['newTag']);
      assert.equal(request.digest, expected['digest']);
    });
  }

  it('rejects a port reference without tag', () => {
    assert.throws(() => parseSetImageArgument('localhost:5000/proxy'), SetImageArgumentError);
    assert.throws(() => parseSetImageArgument('myapp'), /invalid image argument "myapp"/);
  });

  it('rejects missing names around "="', () => {
    assert.throws(() => parseSetImageArgument('=b:1'), /name before "=" is missing/);
    assert.throws(() => parseSetImageArgument('a='), /new image after "=" is missing/);
    assert.throws(() => parseSetImageArguments([]), /no image given/);
  });

  it('lets the last argument for a name win', () => {
    const requests = parseSetImageArguments(['a:1', 'b:1', 'a:2']);
    assert.equal(requests.length, 2);
    assert.equal(requests[0]?.newTag, '2');
  });

  it('marks an empty tag', () => {
    assert.equal(parseSetImageArgument('app:').emptyTag, true);
    assert.equal(parseSetImageArgument('app:').newTag, undefined);
    assert.equal(parseSetImageArgument('app:1').emptyTag, false);
  });
});

describe('tag quoting', () => {
  it('quotes values YAML reads as other types', () => {
    for (const value of [
      '1.10',
      '2',
      '1e3',
      'true',
      'yes',
      'on',
      'no',
      'null',
      '~',
      '0123',
      '0x1F',
      '1:20',
      '',
      ' a',
      '#x',
      'a: b',
    ]) {
      assert.equal(needsQuotes(value), true, value);
    }
  });

  it('leaves ordinary tags plain', () => {
    for (const value of [
      '1.9.1',
      'v1.2',
      'bf76-qqxrq',
      'latest',
      'sha256:abc',
      'main-2024.01.02',
    ]) {
      assert.equal(needsQuotes(value), false, value);
    }
  });

  it('keeps the preferred quote style', () => {
    assert.equal(formatScalar('1.10'), '"1.10"');
    assert.equal(formatScalar('v2', 'double'), '"v2"');
    assert.equal(formatScalar("it's", 'single'), "'it''s'");
    assert.equal(formatScalar('v2'), 'v2');
  });
});

describe('set-image on shared cases', { skip: casesSkip }, () => {
  it('01 keeps the registry port in the name', () => {
    const before = readCase('01-image-registry-port/edit/kustomization.before.yaml');
    const result = edit(before, 'registry.example.com:5000/team/myapp:1.3.0');
    const expected = imagesOf(readCase('01-image-registry-port/edit/after-scenario1.yaml'));
    assert.deepEqual(sortedByName(imagesOf(result.text)), expected);
    assert.equal(
      result.text,
      before.replace(
        'newTag: 1.2.3\n- name: registry.example.com:5000/team/myapp-migrate',
        'newTag: 1.3.0\n- name: registry.example.com:5000/team/myapp-migrate',
      ),
    );
  });

  it('01 adds a short-name entry at the end', () => {
    const before = readCase('01-image-registry-port/edit/kustomization.before.yaml');
    const result = edit(before, 'myapp=registry.example.com:5000/team/myapp:1.3.0');
    const expected = imagesOf(readCase('01-image-registry-port/edit/after-scenario2.yaml'));
    assert.deepEqual(sortedByName(imagesOf(result.text)), expected);
    assert.ok(result.text.startsWith(before), 'the original text is a prefix of the result');
    assert.equal(imagesOf(result.text).at(-1)?.name, 'myapp');
  });

  it('01 warns that the short name matches nothing', () => {
    const before = readCase('01-image-registry-port/edit/kustomization.before.yaml');
    const requests = parseSetImageArguments(['myapp=registry.example.com:5000/team/myapp:1.3.0']);
    const result = setImagesInText('kustomization.yaml', before, requests);
    const rendered = imagesInManifests(readCase('01-image-registry-port/expected.yaml'));
    const codes = setImageWarnings(result, requests, rendered).map((warning) => warning.code);
    assert.deepEqual(codes, ['no-matching-image']);
  });

  it('01 finds the full-path entry in the render', () => {
    const before = readCase('01-image-registry-port/edit/kustomization.before.yaml');
    const requests = parseSetImageArguments([
      'registry.example.com:5000/team/myapp:1.3.0',
      'localhost:5000/proxy=*:1',
    ]);
    const result = setImagesInText('kustomization.yaml', before, requests);
    const rendered = imagesInManifests(readCase('01-image-registry-port/expected.yaml'));
    assert.deepEqual(setImageWarnings(result, requests, rendered), []);
  });

  it('01 rejects a port reference without tag', () => {
    const expectedError = readCase('01-image-registry-port/edit/scenario3-error.txt');
    assert.match(expectedError, /invalid format of image/);
    assert.throws(
      () => parseSetImageArguments(['localhost:5000/proxy']),
      /invalid image argument.*Accepted forms/,
    );
  });

  it('03 writes the redundant newName of A=A:tag', () => {
    const before = readCase('03-edit-set-image-entry-identity/edit/kustomization.before.yaml');
    const requests = parseSetImageArguments([
      'registry.example.com/team/guestbook=registry.example.com/team/guestbook:0.2.0',
    ]);
    const result = setImagesInText('kustomization.yaml', before, requests);
    assert.equal(
      result.text,
      readCase('03-edit-set-image-entry-identity/edit/after-scenario1.yaml'),
    );
    const codes = setImageWarnings(result, requests).map((warning) => warning.code);
    assert.deepEqual(codes, ['redundant-new-name']);
  });

  it('03 creates images with the plain form', () => {
    const before = readCase('03-edit-set-image-entry-identity/edit/kustomization.before.yaml');
    const result = edit(before, 'registry.example.com/team/guestbook:0.2.0');
    assert.equal(
      result.text,
      readCase('03-edit-set-image-entry-identity/edit/after-scenario2.yaml'),
    );
  });

  it('04 keeps entry order instead of sorting', () => {
    const before = readCase('04-images-entries-chain-and-edit-sort/overlay/kustomization.yaml');
    const requests = parseSetImageArguments(['redis:7.2']);
    const result = setImagesInText('kustomization.yaml', before, requests);
    const kustomizeResult = imagesOf(
      readCase('04-images-entries-chain-and-edit-sort/overlay-after-edit/kustomization.yaml'),
    );
    assert.deepEqual(sortedByName(imagesOf(result.text)), kustomizeResult);
    assert.deepEqual(
      imagesOf(result.text).map((entry) => entry.name),
      ['web-frontend', 'registry.example.com/team/frontend', 'redis'],
    );
    assert.ok(result.text.endsWith('- name: redis\n  newTag: "7.2"\n'));
    assert.ok(result.text.startsWith(before));
    const codes = setImageWarnings(result, requests).map((warning) => warning.code);
    assert.deepEqual(codes, ['chained-entry']);
  });

  it('05 quotes tags that read as numbers', () => {
    const before = readCase('05-newtag-unquoted-number/edit/kustomization.before.yaml');
    assert.equal(
      edit(before, 'registry.example.com/myapp:1.10').text,
      readCase('05-newtag-unquoted-number/edit/after-scenario1.yaml'),
    );
    assert.equal(
      edit(before, 'registry.example.com/myapp:2').text,
      readCase('05-newtag-unquoted-number/edit/after-scenario2.yaml'),
    );
  });

  it('05 repairs an unquoted numeric tag', () => {
    const before = readCase('05-newtag-unquoted-number/overlay-float/kustomization.yaml');
    const result = edit(before, 'registry.example.com/myapp:*');
    assert.equal(result.text, before.replace('newTag: 1.10', 'newTag: "1.10"'));
    assert.equal(result.changes[0]?.kind, 'updated');
  });

  it('05 warns about an untouched numeric tag', () => {
    const before = readCase('05-newtag-unquoted-number/overlay-int/kustomization.yaml');
    const requests = parseSetImageArguments(['other:1']);
    const result = setImagesInText('kustomization.yaml', before, requests);
    const warning = setImageWarnings(result, requests).find(
      (candidate) => candidate.code === 'non-string-value',
    );
    assert.ok(warning !== undefined);
    assert.match(warning.message, /newTag of "registry.example.com\/myapp" at line \d+/);
  });

  it('07 changes only the tag scalar', () => {
    const before = readCase('07-edit-comments-and-field-order/overlay/kustomization.yaml');
    const result = edit(before, 'registry.example.com/team/guestbook:234');
    assert.equal(
      result.text,
      before.replace('newTag: "123"   # promoted by CI', 'newTag: "234"   # promoted by CI'),
    );
    const kustomizeResult = imagesOf(
      readCase('07-edit-comments-and-field-order/overlay-after-edit/kustomization.yaml'),
    );
    assert.deepEqual(sortedByName(imagesOf(result.text)), kustomizeResult);
  });

  it('07 appends before the trailing comment', () => {
    const before = readCase('07-edit-comments-and-field-order/overlay/kustomization.yaml');
    const result = edit(before, 'registry.example.com/team/debug:1.0.1');
    assert.ok(
      result.text.includes(
        '  newTag: 1.0.0\n- name: registry.example.com/team/debug\n  newTag: 1.0.1\n# - name:',
      ),
    );
    const lines = before.split('\n');
    const imagesLine = lines.indexOf('images:');
    assertChangedOnlyWithin(before, result.text, imagesLine, lines.length - 1);
  });

  it('08 keeps a tagged name verbatim', () => {
    const before = readCase('08-same-image-two-containers/overlay-plain/kustomization.yaml');
    const result = edit(
      before,
      'registry.example.com/agent:client-0.0.1=registry.example.com/agent:client-0.0.2',
    );
    const added = imagesOf(result.text).at(-1);
    assert.deepEqual(added, {
      name: 'registry.example.com/agent:client-0.0.1',
      newName: 'registry.example.com/agent',
      newTag: 'client-0.0.2',
    });
  });

  it('10 warns about regular-expression names', () => {
    const rendered = imagesInManifests(readCase('10-image-name-is-a-regex/base/deployment.yaml'));
    const base = 'resources:\n- ../base\n';
    const check = (argument: string): string[] => {
      const requests = parseSetImageArguments([argument]);
      const result = setImagesInText('kustomization.yaml', base, requests);
      return setImageWarnings(result, requests, rendered).map((warning) => warning.code);
    };
    assert.deepEqual(check('registry.example.com/team/myapp:2.0'), [
      'name-dot-matches-other-image',
    ]);
    assert.deepEqual(check('registry\\.example\\.com/team/.*:2.0'), ['name-is-regex']);
    assert.deepEqual(check('registry.example.com/team/[myapp:2.0'), [
      'name-is-invalid-regex',
      'no-matching-image',
    ]);
  });
});

describe('set-image layouts', () => {
  it('keeps an entry with the same value unchanged', () => {
    const text = 'images:\n- name: a\n  newTag: "1"\n';
    const result = edit(text, 'a:1');
    assert.equal(result.changed, false);
    assert.equal(result.changes[0]?.kind, 'unchanged');
  });

  it('keeps parts given as *', () => {
    const text =
      'images:\n- name: a # the app\n  newName: reg/a   # mirror\n  newTag: v1\n  digest: sha256:1\n';
    const result = edit(text, 'a=*:v2@*');
    assert.equal(result.text, text.replace('v1', 'v2'));
  });

  it('drops fields the argument leaves out', () => {
    const text =
      'images:\n- name: a\n  newName: reg/a\n  newTag: v1\n  digest: sha256:1\n- name: b\n';
    const result = edit(text, 'a:v2');
    assert.equal(result.text, 'images:\n- name: a\n  newTag: v2\n- name: b\n');
  });

  it('drops tagSuffix with the rest of the entry', () => {
    const text = 'images:\n- name: a\n  tagSuffix: -debug\n';
    assert.equal(edit(text, 'a:v2').text, 'images:\n- name: a\n  newTag: v2\n');
  });

  it('inserts new keys in a readable order', () => {
    const text = 'images:\n- name: a\n  digest: sha256:1\n';
    assert.equal(
      edit(text, 'a=b:v2@*').text,
      'images:\n- name: a\n  newName: b\n  newTag: v2\n  digest: sha256:1\n',
    );
  });

  it('rewrites an entry that loses its first key', () => {
    const text = 'images:\n  - newTag: v1\n    name: a\n  - name: b\n';
    assert.equal(
      edit(text, 'a@sha256:9').text,
      'images:\n  - name: a\n    digest: sha256:9\n  - name: b\n',
    );
  });

  it('follows the sequence indentation', () => {
    const text = 'resources:\n  - ../base\nimages:\n  - name: a\n    newTag: v1\n';
    assert.equal(edit(text, 'b:v2').text, text + '  - name: b\n    newTag: v2\n');
    const created = edit('resources:\n  - ../base\n', 'b:v2').text;
    assert.equal(created, 'resources:\n  - ../base\nimages:\n  - name: b\n    newTag: v2\n');
  });

  it('keeps a file without final newline', () => {
    const text = 'images:\n- name: a\n  newTag: v1\nresources:\n- ../base';
    assert.equal(
      edit(text, 'b:v2').text,
      'images:\n- name: a\n  newTag: v1\n- name: b\n  newTag: v2\nresources:\n- ../base',
    );
    assert.equal(
      edit('resources:\n- ../base', 'b:v2').text,
      'resources:\n- ../base\nimages:\n- name: b\n  newTag: v2',
    );
  });

  it('keeps CRLF line breaks', () => {
    const text = 'images:\r\n- name: a\r\n  newTag: v1\r\n';
    assert.equal(
      edit(text, 'a=c:v1', 'b:2').text,
      'images:\r\n- name: a\r\n  newName: c\r\n  newTag: v1\r\n- name: b\r\n  newTag: "2"\r\n',
    );
  });

  it('edits flow sequences and mappings', () => {
    const text = 'images: [{name: a, newTag: v1}]\n';
    assert.equal(edit(text, 'a:v2').text, 'images: [{name: a, newTag: v2}]\n');
    assert.equal(edit(text, 'a=b:v1').text, 'images: [{name: a, newName: b, newTag: v1}]\n');
    assert.equal(
      edit(text, 'c:1.0').text,
      'images: [{name: a, newTag: v1}, {name: c, newTag: "1.0"}]\n',
    );
    assert.equal(edit('images: []\n', 'c:v1').text, 'images: [{name: c, newTag: v1}]\n');
  });

  it('fills an empty images field', () => {
    assert.equal(
      edit('images:\nresources: []\n', 'a:v1').text,
      'images:\n- name: a\n  newTag: v1\nresources: []\n',
    );
    assert.equal(
      edit('images: ~ # none yet\n', 'a:v1').text,
      'images:  # none yet\n- name: a\n  newTag: v1\n',
    );
  });

  it('writes into an empty file', () => {
    assert.equal(edit('', 'a:v1').text, 'images:\n- name: a\n  newTag: v1\n');
  });

  it('merges duplicate entries of the requested name', () => {
    const text =
      'images:\n- name: a\n  newTag: v1\n- name: b\n  newTag: v1\n- name: a\n  newTag: v0\n';
    const requests = parseSetImageArguments(['a:v2']);
    const result = setImagesInText('kustomization.yaml', text, requests);
    assert.equal(result.text, 'images:\n- name: a\n  newTag: v2\n- name: b\n  newTag: v1\n');
    assert.deepEqual(result.changes[0]?.removedDuplicateLines, [6]);
    assert.deepEqual(
      setImageWarnings(result, requests).map((warning) => warning.code),
      ['duplicate-entry'],
    );
  });

  it('warns about duplicates it did not touch', () => {
    const text = 'images:\n- name: a\n  newTag: v1\n- name: a\n  newTag: v0\n';
    const requests = parseSetImageArguments(['b:v2']);
    const result = setImagesInText('kustomization.yaml', text, requests);
    assert.deepEqual(
      setImageWarnings(result, requests).map((warning) => warning.code),
      ['duplicate-entry'],
    );
  });

  it('warns about latest, empty and odd tags', () => {
    const requests = parseSetImageArguments(['a:latest', 'b:', 'c=d:1.0:rc']);
    const result = setImagesInText('kustomization.yaml', '', requests);
    const codes = setImageWarnings(result, requests).map(
      (warning) => `${warning.name} ${warning.code}`,
    );
    assert.deepEqual(codes, ['a latest-tag', 'b empty-tag', 'c tag-characters']);
  });

  it('keeps the quote style of replaced values', () => {
    const text = "images:\n- name: 'a'\n  newTag: 'v1'\n";
    assert.equal(edit(text, 'a:v2').text, "images:\n- name: 'a'\n  newTag: 'v2'\n");
  });

  it('edits the deprecated imageTags field', () => {
    const text = 'imageTags:\n- name: a\n  newTag: v1\n';
    assert.equal(edit(text, 'a:v2').text, 'imageTags:\n- name: a\n  newTag: v2\n');
  });

  it('rejects files it cannot edit safely', () => {
    assert.throws(() => edit('a: [\n', 'a:1'), /invalid YAML/);
    assert.throws(() => edit('a: 1\n---\nb: 2\n', 'a:1'), /2 YAML documents/);
    assert.throws(() => edit('- a\n', 'a:1'), ImagesSectionError);
    assert.throws(() => edit('images: {}\n', 'a:1'), /must be a list/);
    assert.throws(() => edit('images:\n- newTag: v1\n', 'a:1'), /has no name/);
  });

  it('keeps a leading document marker and comments', () => {
    const text =
      '---\n# header\nimages: # list\n  # first\n  - name: a   # app\n    newTag: v1 # tag\n# end\n';
    assert.equal(edit(text, 'a:v2').text, text.replace('v1 #', 'v2 #'));
  });
});

describe('set-image on files', () => {
  it('writes atomically and keeps the mode', () => {
    const folder = mkdtempSync(join(tmpdir(), 'images-file-'));
    try {
      const file = join(folder, 'kustomization.yml');
      writeFileSync(file, 'resources:\n- a.yaml\n', { mode: 0o640 });
      const result = setImagesInFile(folder, parseSetImageArguments(['app:v1']));
      assert.equal(result.path, file);
      assert.equal(
        readFileSync(file, 'utf8'),
        'resources:\n- a.yaml\nimages:\n- name: app\n  newTag: v1\n',
      );
      assert.equal(statSync(file).mode & 0o777, 0o640);
      assert.deepEqual(readdirSync(folder), ['kustomization.yml']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('leaves the file alone on a dry run', () => {
    const folder = mkdtempSync(join(tmpdir(), 'images-file-'));
    try {
      mkdirSync(join(folder, 'overlay'));
      const file = join(folder, 'overlay', 'kustomization.yaml');
      writeFileSync(file, 'resources: []\n');
      const result = setImagesInFile(file, parseSetImageArguments(['app:v1']), { dryRun: true });
      assert.equal(result.changed, true);
      assert.equal(readFileSync(file, 'utf8'), 'resources: []\n');
      assert.throws(
        () => setImagesInFile(folder, parseSetImageArguments(['app:v1'])),
        /no kustomization.yaml/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
