// Runs the extension test suite (test/vscode/suite) inside the real VS Code extension host
// that code-server provides, and exits with the suite's result.
//
//   node test/vscode/runCodeServer.mjs [--workspace PATH] [--tests FILE] [--timeout SECONDS]
//
// --tests names another compiled entry point with a mocha-style `run()`, such as the
// extension-host benchmark out/test/vscode/bench/index.js.
//
// Needs: scripts/setup.sh (code-server, Chromium), `node scripts/build.mjs` (dist/) and
// `npx tsc -p tsconfig.test.json` (out/test/vscode/suite). The workbench URL carries a
// `payload` that names the checkout as extensionDevelopmentPath and the compiled suite as
// extensionTestsPath. When the suite's run() settles, the workbench calls
// window.codeAutomationExit(code). Extension host console output arrives through
// window.codeAutomationLog(type, args).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createProfile, startCodeServer, workbenchUrl } from '../../scripts/code-server.mjs';
import { launchBrowser } from './browser.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suiteEntry = path.join(repoRoot, 'out/test/vscode/suite/index.js');
const extensionBundle = path.join(repoRoot, 'dist/extension.js');
const defaultWorkspace = path.join(repoRoot, 'test/fixtures/extension-host/workspace');

function parseArguments(argv) {
  const options = { workspace: defaultWorkspace, tests: suiteEntry, timeoutSeconds: 300 };

  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--workspace') {
      options.workspace = path.resolve(argv[++index]);
    } else if (argument === '--tests') {
      options.tests = path.resolve(argv[++index]);
    } else if (argument === '--timeout') {
      options.timeoutSeconds = Number(argv[++index]);
    } else {
      throw new Error(
        `unknown argument ${argument}; usage: [--workspace PATH] [--tests FILE] [--timeout SECONDS]`,
      );
    }
  }
  return options;
}

function checkInputs(options) {
  const missing = [
    [extensionBundle, 'run `node scripts/build.mjs`'],
    [options.tests, 'run `npx tsc -p tsconfig.test.json`'],
    [options.workspace, 'pass an existing folder with --workspace'],
  ].filter(([file]) => !fs.existsSync(file));

  for (const [file, fix] of missing) {
    console.error(`missing ${file}: ${fix}`);
  }
  return missing.length === 0;
}

function testUrl(server, workspace, tests) {
  const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${file}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(tests)],
  ];
  return `${workbenchUrl(server.url, workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function runSuite(page, url, timeoutSeconds) {
  const exitCode = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    console.log(`[extension host ${type}] ${format(...args)}`);
  });
  page.on('pageerror', (error) => console.log(`[workbench error] ${error.message}`));

  await page.goto(url, { waitUntil: 'domcontentloaded' });

  let timer;
  const timeout = new Promise((_, reject) => {
    const message = `timed out after ${timeoutSeconds} s waiting for the suite to finish`;
    timer = setTimeout(() => reject(new Error(message)), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([exitCode, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runInCodeServer(profile, options) {
  const started = Date.now();
  const server = await startCodeServer(profile);
  let browser;

  try {
    console.log(`code-server on ${server.url} (PID ${server.pid}), workspace ${options.workspace}`);
    browser = await launchBrowser();
    const url = testUrl(server, options.workspace, options.tests);
    const code = await runSuite(browser.page, url, options.timeoutSeconds);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`extension host exited with code ${code} after ${seconds} s`);
    return code;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!checkInputs(options)) {
    return 1;
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-vscode-test-'));
  const profile = createProfile(scratch);
  try {
    const code = await runInCodeServer(profile, options);
    if (code === 0) {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    return code;
  } catch (error) {
    console.error(
      `extension tests failed to run: ${error.message}; code-server log ${profile.log}`,
    );
    return 1;
  }
}

// Exiting runs the launcher's exit hook, which stops code-server.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130));
}
process.exitCode = await main();
