import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { LruCache } from '../../src/core/render/cache';
import { locateRenderError } from '../../src/core/render/errorLocation';
import type { TextReader } from '../../src/core/render/errorLocation';
import { collectRenderInputs } from '../../src/core/render/inputs';
import { parseKustomizeStderr, unquoteGoString } from '../../src/core/render/kustomizeOutput';
import { commonAncestor, isInside } from '../../src/core/render/mirror';
import { ShellWordsError, splitShellWords } from '../../src/core/render/shellWords';
import { fixturePath } from '../support/paths';

/** Returns a reader over in-memory files in place of the disk. */
function memoryReader(files: Record<string, string>): TextReader {
  return (file) => files[file];
}

describe('splitShellWords', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['  --enable-helm  ', ['--enable-helm']],
    [
      '--enable-helm --load-restrictor LoadRestrictionsNone',
      ['--enable-helm', '--load-restrictor', 'LoadRestrictionsNone'],
    ],
    [`--helm-command '/opt/my helm'`, ['--helm-command', '/opt/my helm']],
    ['--env "A=\\"quoted\\" $HOME"', ['--env', 'A="quoted" $HOME']],
    ['a\\ b c', ['a b', 'c']],
    [`''`, ['']],
    [`x"y"'z'`, ['xyz']],
  ];

  for (const [input, expected] of cases) {
    it(`splits ${JSON.stringify(input)}`, () => {
      assert.deepEqual(splitShellWords(input), expected);
    });
  }

  it('rejects an unclosed quote', () => {
    assert.throws(() => splitShellWords(`--x 'open`), ShellWordsError);
    assert.throws(() => splitShellWords('--x "open'), ShellWordsError);
  });
});

describe('parseKustomizeStderr', () => {
  it('decodes a quoted kubectl error', () => {
    const stderr =
      'E1204 15:39:22.697410   15646 run.go:72] "command failed" err="a \\"b\\"\\tc"\n';

    const parsed = parseKustomizeStderr(stderr);

    assert.equal(parsed.error, 'a "b"\tc');
    assert.deepEqual(parsed.warnings, []);
  });

  it('decodes a multi-line kubectl error', () => {
    const stderr =
      'E1204 15:39:22.753581   15654 run.go:72] "command failed" err=<\n\tfirst `\n\tsecond\n >\n';

    assert.equal(parseKustomizeStderr(stderr).error, 'first `\nsecond');
  });

  it('separates a warning without a line end', () => {
    const warning = "# Warning: 'bases' is deprecated. Please use 'resources' instead.";
    const stderr = `${warning}E1204 15:39:35.666313   16076 run.go:72] "command failed" err="Unexpected kind: replaces"\n`;

    const parsed = parseKustomizeStderr(stderr);

    assert.equal(parsed.error, 'Unexpected kind: replaces');
    assert.deepEqual(parsed.warnings, [warning]);
  });

  it('reads a kustomize error', () => {
    const parsed = parseKustomizeStderr('Error: accumulating resources: boom\n');

    assert.equal(parsed.error, 'accumulating resources: boom');
  });

  it('summarises a Go panic', () => {
    const stderr = [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '',
      'goroutine 1 [running]:',
      'regexp.(*Regexp).doExecute(...)',
      'sigs.k8s.io/kustomize/api/internal/image.IsImageMatched({0xc0004aa3c0, 0x23})',
    ].join('\n');

    const error = parseKustomizeStderr(stderr).error;

    assert.match(error, /^panic: runtime error: invalid memory address/);
    assert.match(error, /image\.IsImageMatched/);
  });

  it('keeps warnings of a successful build', () => {
    const stderr = "# Warning: 'bases' is deprecated.\n# Warning: 'vars' is deprecated.";

    const parsed = parseKustomizeStderr(stderr);

    assert.equal(parsed.error, '');
    assert.deepEqual(parsed.warnings, [
      "# Warning: 'bases' is deprecated.",
      "# Warning: 'vars' is deprecated.",
    ]);
  });

  it('decodes Go escapes', () => {
    assert.equal(unquoteGoString('"\\x41\\u00e9\\n" tail'), 'Aé\n');
  });
});

describe('locateRenderError', () => {
  const overlay = '/repo/env/prod';
  const kustomization = path.join(overlay, 'kustomization.yaml');

  it('finds an unknown JSON patch op', () => {
    const text =
      'patches:\n- patch: |-\n    - op: replace\n      path: /a\n    - op: replaces\n      path: /b\n';
    const read = memoryReader({ [kustomization]: text });

    const location = locateRenderError('Unexpected kind: replaces', overlay, read);

    assert.equal(location.file, kustomization);
    assert.equal(location.line, 5);
  });

  it('finds a syntax error in the kustomization', () => {
    const error = `invalid Kustomization: yaml: line 2: did not find expected ',' or ']'`;
    const read = memoryReader({ [kustomization]: 'resources:\n  - [unclosed\n' });

    const location = locateRenderError(error, overlay, read);

    assert.equal(location.file, kustomization);
    assert.equal(location.line, 2);
    assert.match(location.message, /did not find expected/);
  });

  it('finds an unquoted numeric newTag', () => {
    const text = 'images:\n- name: app\n  newTag: 1.10\n';
    const error =
      'invalid Kustomization: json: cannot unmarshal number into Go struct field Image.images.newTag of type string';

    const location = locateRenderError(error, overlay, memoryReader({ [kustomization]: text }));

    assert.equal(location.file, kustomization);
    assert.equal(location.line, 3);
  });

  it('follows a nested resources chain', () => {
    const base = '/repo/env/base';
    const error =
      "accumulating resources: accumulation err='accumulating resources from '../base': " +
      "accumulating resources from 'service.yaml': MalformedYAMLError: yaml: line 4: mapping values are not allowed in this context in File: service.yaml";

    const location = locateRenderError(error, overlay, memoryReader({}));

    assert.equal(location.file, path.join(base, 'service.yaml'));
    assert.equal(location.line, 4);
    assert.match(location.message, /mapping values are not allowed/);
  });

  it('finds a file outside the root', () => {
    const text =
      'configMapGenerator:\n- name: common\n  envs:\n  - ../../shared/common.properties\n';
    const error =
      "loading KV pairs: env source files: [../../shared/common.properties]: security; file '/repo/shared/common.properties' is not in or below '/repo/env/prod'";

    const location = locateRenderError(error, overlay, memoryReader({ [kustomization]: text }));

    assert.equal(location.file, kustomization);
    assert.equal(location.line, 4);
    assert.match(location.message, /LoadRestrictionsNone/);
  });

  it('names the folder that does not exist', () => {
    const error =
      "must build at directory: not a valid directory: evalsymlink failure on '/repo/env/nope' : lstat /repo/env/nope: no such file or directory";

    const location = locateRenderError(error, '/repo/env/nope', memoryReader({}));

    assert.equal(location.file, '/repo/env/nope');
    assert.match(location.message, /not found/);
  });

  it('finds a missing generator source', () => {
    const component = '/repo/components/hook';
    const componentFile = path.join(component, 'kustomization.yaml');
    const text = 'configMapGenerator:\n- name: hook\n  files:\n  - hook.sh\n';
    const error =
      "accumulating resources: accumulation err='accumulating resources from '../base': " +
      `loading KV pairs: file sources: [hook.sh]: evalsymlink failure on '${component}/hook.sh' : ` +
      `lstat ${component}/hook.sh: no such file or directory`;

    const location = locateRenderError(error, overlay, memoryReader({ [componentFile]: text }));

    assert.equal(location.file, componentFile);
    assert.equal(location.line, 4);
    assert.match(location.message, /^hook\.sh not found/);
  });

  it('falls back to the kustomization', () => {
    const location = locateRenderError(
      'something new',
      overlay,
      memoryReader({ [kustomization]: '' }),
    );

    assert.equal(location.file, kustomization);
    assert.equal(location.line, undefined);
    assert.equal(location.message, 'something new');
  });
});

describe('collectRenderInputs', () => {
  it('follows resources into the base', () => {
    const root = fixturePath('render');
    const staging = path.join(root, 'overlays', 'staging');
    const read: TextReader = (file) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    };

    const inputs = collectRenderInputs(staging, read);

    assert.deepEqual(inputs.folders, [staging, path.join(root, 'base')]);
    assert.deepEqual(inputs.files, [
      path.join(root, 'base', 'deployment.yaml'),
      path.join(root, 'base', 'kustomization.yaml'),
      path.join(staging, 'kustomization.yaml'),
    ]);
  });
});

describe('mirror paths', () => {
  it('finds the common ancestor', () => {
    assert.equal(commonAncestor(['/a/b/c', '/a/b/d/e', '/a/b']), '/a/b');
    assert.equal(commonAncestor(['/a/x', '/b/y']), '/');
  });

  it('checks containment', () => {
    assert.equal(isInside('/a/b/c', '/a/b'), true);
    assert.equal(isInside('/a/b', '/a/b'), true);
    assert.equal(isInside('/a/bc', '/a/b'), false);
    assert.equal(isInside('/a/b/..c', '/a/b'), true);
  });
});

describe('LruCache', () => {
  it('drops the least recently used entry', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);

    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), 1);
    assert.equal(cache.get('c'), 3);
    assert.equal(cache.size, 2);
  });
});
