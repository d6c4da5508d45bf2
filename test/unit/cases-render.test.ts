import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Renderer } from '../../src/core/render/renderer';
import { missingSharedReason, sharedPath } from '../support/paths';

/** One reference build of a case: the folder, the flags, and the file holding the truth. */
interface CaseBuild {
  readonly dir: string;
  readonly buildOptions: string;
  readonly expectedFile: string;
}

const casesRoot = sharedPath('cases');
const renderer = new Renderer({ cacheEntries: 0 });

/**
 * Reads `kubectl kustomize [--flag value] DIR ... -> expected-x.yaml` (or `> desired.yaml`)
 * lines from case.md, so a build that needs flags is run with them.
 */
function documentedBuilds(caseDir: string): Map<string, CaseBuild> {
  const builds = new Map<string, CaseBuild>();
  const text = fs.readFileSync(path.join(caseDir, 'case.md'), 'utf8');
  const pattern =
    /kubectl kustomize((?:\s+--[\w-]+\s+[^\s-]\S*)*)\s+(\S+)[^\n]*?(?:->|>)\s*`?([\w.-]+\.(?:yaml|txt))/g;

  for (const match of text.matchAll(pattern)) {
    const expectedFile = match[3] ?? '';
    if (!builds.has(expectedFile)) {
      const dir = path.join(caseDir, match[2] ?? '');
      builds.set(expectedFile, { dir, buildOptions: (match[1] ?? '').trim(), expectedFile });
    }
  }
  return builds;
}

/** Guesses the folder of an expected file the case text does not tie to a command. */
function guessedBuild(caseDir: string, expectedFile: string): CaseBuild | undefined {
  const name = expectedFile.replace(/^expected-?/, '').replace(/(-error)?\.(yaml|txt)$/, '');
  const candidates = name === '' ? ['overlay', '.'] : [`overlay-${name}`, name];

  for (const candidate of candidates) {
    const dir = path.join(caseDir, candidate);
    if (fs.existsSync(path.join(dir, 'kustomization.yaml'))) {
      return { dir, buildOptions: '', expectedFile };
    }
  }
  return undefined;
}

function caseBuilds(caseDir: string): { builds: CaseBuild[]; unmatched: string[] } {
  const documented = documentedBuilds(caseDir);
  const expectedFiles = fs
    .readdirSync(caseDir)
    .filter((file) => /^(expected.*(\.yaml|-error\.txt)|desired\.yaml)$/.test(file));

  const builds: CaseBuild[] = [];
  const unmatched: string[] = [];
  for (const file of expectedFiles) {
    const build = documented.get(file) ?? guessedBuild(caseDir, file);
    if (build === undefined) {
      unmatched.push(file);
    } else {
      builds.push(build);
    }
  }
  return { builds, unmatched };
}

/** Reads the exit code and kustomize's `err=` value (or the first line) of an error file. */
function expectedError(text: string, caseDir: string): { exitCode: number; error: string } {
  const [header = '', ...rest] = text.split('\n');
  const exitCode = Number(/# exit code: (\d+)/.exec(header)?.[1]);
  const body = rest.join('\n').split('<CASE>').join(caseDir);

  const quoted = /err=("(?:[^"\\]|\\.)*")/.exec(body);
  if (quoted !== null) {
    return { exitCode, error: JSON.parse(quoted[1] ?? '""') as string };
  }
  const block = /err=<\n((?:\t.*\n?)+)/.exec(body);
  if (block !== null) {
    const lines = (block[1] ?? '').split('\n').filter((line) => line.startsWith('\t'));
    return { exitCode, error: lines.map((line) => line.slice(1)).join('\n') };
  }
  return { exitCode, error: (rest[0] ?? '').trim() };
}

async function checkBuild(caseDir: string, build: CaseBuild): Promise<void> {
  const result = await renderer.render(build.dir, {
    settings: { buildOptions: build.buildOptions },
  });
  const expectedText = fs.readFileSync(path.join(caseDir, build.expectedFile), 'utf8');

  if (build.expectedFile.endsWith('-error.txt')) {
    const expected = expectedError(expectedText, caseDir);
    assert.equal(result.ok, false, `${build.dir} built, but the reference build fails`);
    assert.equal(result.exitCode, expected.exitCode);
    assert.ok(
      result.error?.message.includes(expected.error),
      `message lacks kustomize's error.\n` +
        `message:  ${result.error?.message}\nexpected: ${expected.error}`,
    );
    assert.ok(result.error?.message.includes(build.dir), 'message does not name the folder');
    return;
  }

  assert.equal(result.error?.message, undefined);
  assert.equal(result.yaml, expectedText);
  checkWarnings(caseDir, build, result.warnings);
}

function checkWarnings(caseDir: string, build: CaseBuild, warnings: readonly string[]): void {
  const warningsFile = path.join(caseDir, build.expectedFile.replace(/\.yaml$/, '-warnings.txt'));
  const expected = fs.existsSync(warningsFile)
    ? fs
        .readFileSync(warningsFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
    : [];
  assert.deepEqual(
    warnings,
    expected.map((line) => line.trimEnd()),
  );
}

const skipCases = casesRoot === undefined ? missingSharedReason('cases') : false;

describe('shared cases render like kubectl kustomize', { skip: skipCases }, () => {
  const root = fs.realpathSync(casesRoot ?? '.');
  const caseDirs = fs
    .readdirSync(root)
    .map((name) => path.join(root, name))
    .filter((dir) => fs.existsSync(path.join(dir, 'case.md')))
    .sort();

  for (const caseDir of caseDirs) {
    const { builds, unmatched } = caseBuilds(caseDir);
    for (const build of builds) {
      it(`${path.basename(caseDir)}: ${build.expectedFile}`, () => checkBuild(caseDir, build));
    }
    if (unmatched.length > 0) {
      it(`${path.basename(caseDir)}: every expected file has a folder`, () => {
        assert.deepEqual(unmatched, [], 'no build folder found for these expected files');
      });
    }
  }
});
