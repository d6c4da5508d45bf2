// Extension-host figures for `npm run bench`: loaded by code-server as `extensionTestsPath`
// (see test/bench/extension.ts). It prints lines starting with `bench:` and fails only when the
// extension is absent.
import * as vscode from 'vscode';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import { extensionId } from '../../../src/extension/ids';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function timeRefreshAfterEdit(api: GitOpsTestApi): Promise<number | undefined> {
  const environment = api.model().environments()[0];
  if (environment === undefined) {
    return undefined;
  }
  const document = await vscode.workspace.openTextDocument(environment.kustomizationFile);
  const changed = new Promise<number>((resolve) => {
    const subscription = api.session.workspace.onDidChange(() => {
      subscription.dispose();
      resolve(performance.now());
    });
  });

  const started = performance.now();
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(0, 0), '# benchmark edit\n');
  await vscode.workspace.applyEdit(edit);
  const finished = await changed;

  await vscode.commands.executeCommand('workbench.action.files.revert', document.uri);
  return finished - started;
}

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<GitOpsTestApi>(extensionId);
  if (extension === undefined) {
    throw new Error(`extension ${extensionId} is not installed in this extension host`);
  }

  const before = process.memoryUsage();
  const loadStarted = performance.now();
  const api = await extension.activate();
  await api.ready;
  const loaded = performance.now() - loadStarted;
  const after = process.memoryUsage();

  console.log(
    `bench: activation: activate() took ${api.activationMilliseconds.toFixed(1)} ms (target: under 50 ms)`,
  );
  console.log(
    `bench: first workspace load: ${loaded.toFixed(0)} ms, ${api.model().roots().length} roots`,
  );
  const refresh = await timeRefreshAfterEdit(api);
  if (refresh !== undefined) {
    console.log(
      `bench: refresh after an unsaved edit: ${refresh.toFixed(0)} ms (including the 150 ms debounce)`,
    );
  }
  console.log(
    `bench: extension host memory: rss ${megabytes(after.rss)}, heap used ${megabytes(after.heapUsed)}`,
  );
  console.log(
    `bench: heap growth across activation and first load: ${megabytes(after.heapUsed - before.heapUsed)}`,
  );
}
