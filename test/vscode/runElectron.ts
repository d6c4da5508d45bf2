// Runs the extension test suite in desktop VS Code through @vscode/test-electron, for a
// developer machine that can download VS Code. Machines without that access use
// test/vscode/runCodeServer.mjs (npm run test:vscode), which runs the same suite in code-server.
//
//   npx tsc -p tsconfig.test.json && node out/test/vscode/runElectron.js [VERSION]
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

// Compiled to out/test/vscode, three levels below the checkout.
const repoRoot = path.resolve(__dirname, '../../..');

function isDownloadFailure(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${error.stack ?? ''}` : String(error);
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|update\.code\.visualstudio\.com/.test(
    text,
  );
}

async function main(): Promise<number> {
  const version = process.argv[2] ?? 'stable';
  const workspace = path.join(repoRoot, 'test/fixtures/extension-host/workspace');

  try {
    return await runTests({
      version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(__dirname, 'suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (error) {
    if (isDownloadFailure(error)) {
      console.error(
        `Downloading VS Code ${version} failed (${String(error)}). This runner needs access to ` +
          'update.code.visualstudio.com; without it, run `npm run test:vscode`, which runs ' +
          'the same suite in code-server.',
      );
    } else {
      console.error(`Extension tests in VS Code ${version} failed: ${String(error)}`);
    }
    return 1;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
