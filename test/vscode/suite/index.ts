// Entry point that VS Code's extension host loads as `extensionTestsPath`: it runs every
// compiled `*.test.js` file under this folder with mocha, inside the real extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

const testTimeoutMs = 60_000;

function findTestFiles(dir: string): string[] {
  const files: string[] = [];

  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      files.push(...findTestFiles(entryPath));
    } else if (entry.name.endsWith('.test.js')) {
      files.push(entryPath);
    }
  }
  return files.sort();
}

/**
 * Runs the suite and prints a closing "N passed, N failed" line. Rejects when any test
 * failed or none ran, which VS Code reports to the test runner as a non-zero exit code.
 */
export function run(): Promise<void> {
  return runSuiteIn(__dirname);
}

/** Runs every compiled `*.test.js` under `dir`, as `run()` does for this folder. */
export async function runSuiteIn(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: testTimeoutMs });
  const files = findTestFiles(dir);

  for (const file of files) {
    mocha.addFile(file);
  }
  console.log(`Running ${files.length} extension test files from ${dir}`);

  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? emptyStats()));
  });

  const skipped = stats.pending > 0 ? `, ${stats.pending} skipped` : '';
  console.log(`${stats.passes} passed, ${stats.failures} failed${skipped}`);

  if (stats.tests === 0) {
    throw new Error(`no extension tests found under ${dir}`);
  }
  if (stats.failures > 0) {
    throw new Error(`${stats.failures} of ${stats.tests} extension tests failed`);
  }
}

function emptyStats(): Mocha.Stats {
  return { suites: 0, tests: 0, passes: 0, pending: 0, failures: 0 };
}
