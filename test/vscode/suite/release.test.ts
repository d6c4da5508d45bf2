import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ImageTagChange } from '../../../src/core/git/history';
import type { GitOpsTestApi } from '../../../src/extension/extension';
import type { RollbackResult } from '../../../src/extension/release/history';
import type { PromoteResult } from '../../../src/extension/release/promote';
import type { SetImageTagResult } from '../../../src/extension/release/setImageTag';
import { gitopsApi, isExampleWorkspace, restore, waitFor } from './gitopsHelpers';

const image = 'registry.example.test/parcel/tracker-api';

type Window = Record<string, unknown>;

/** Replaces `vscode.window` functions for one test; `undo` puts the originals back. */
class WindowStubs {
  private readonly originals = new Map<string, unknown>();

  set(name: string, replacement: (...args: any[]) => unknown): void {
    const window = vscode.window as unknown as Window;
    if (!this.originals.has(name)) {
      this.originals.set(name, window[name]);
    }
    window[name] = replacement;
  }

  undo(): void {
    const window = vscode.window as unknown as Window;
    for (const [name, original] of this.originals) {
      window[name] = original;
    }
    this.originals.clear();
  }
}

function git(root: string, ...args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
}

function labelOf(item: unknown): string {
  return (item as vscode.QuickPickItem).label;
}

describe('Release commands', function () {
  let api: GitOpsTestApi;
  let root: string;
  let initialHead: string;
  const stubs = new WindowStubs();
  const errors: string[] = [];
  const file = (environment: string): string => {
    return path.join(root, 'env', environment, 'kustomization.yaml');
  };

  before(async function () {
    api = await gitopsApi();
    if (!isExampleWorkspace(api)) {
      console.log('Release tests skipped: the open workspace is not the parcel-tracker example');
      this.skip();
    }
    const dev = api.model().findEnvironment('01-dev');
    root = git(path.dirname(dev?.kustomizationFile ?? '.'), 'rev-parse', '--show-toplevel');
    initialHead = git(root, 'rev-parse', 'HEAD');
  });

  // A failed command shows an error message. Recording it instead keeps a failing test from
  // waiting for a click until the mocha timeout.
  beforeEach(() => {
    errors.length = 0;
    stubs.set('showErrorMessage', async (message: string) => {
      errors.push(message);
      return undefined;
    });
  });

  afterEach(async () => {
    stubs.undo();
    for (const document of vscode.workspace.textDocuments) {
      if (document.isDirty && document.uri.fsPath.startsWith(root)) {
        await restore(document, fs.readFileSync(document.uri.fsPath, 'utf8'));
      }
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Put the example repository back to the commit the suite started from.
    git(root, 'checkout', '--quiet', '--force', 'main');
    git(root, 'reset', '--quiet', '--hard', initialHead);
    for (const branch of git(root, 'branch', '--list', 'promote/*').split('\n')) {
      if (branch.trim() !== '') {
        git(root, 'branch', '--quiet', '-D', branch.trim());
      }
    }
    await waitFor(
      () => modelMatchesDisk(),
      (matches) => matches,
      5000,
    );
  });

  const subject = (): string => git(root, 'log', '-1', '--format=%s');
  const committedFiles = (): string => git(root, 'show', '--name-only', '--format=', 'HEAD');

  /** True once the workspace model has read back every overlay the reset rewrote. */
  function modelMatchesDisk(): boolean {
    return ['01-dev', '02-qa', '03-production'].every((name) => {
      const environment = api.model().findEnvironment(name);
      const images = api.model().root(environment?.dir ?? '')?.kustomization?.images ?? [];
      const onDisk = /newTag: (\S+)/.exec(fs.readFileSync(file(name), 'utf8'))?.[1];
      return environment !== undefined && images[0]?.newTag === onDisk;
    });
  }

  it('set tag writes the file keeping comments', async () => {
    const production = file('03-production');
    const before = fs.readFileSync(production, 'utf8');

    const result = await vscode.commands.executeCommand<SetImageTagResult>('gitops.setImageTag', {
      environment: '03-production',
      image,
      tag: '7a7a7a7-abcde',
      acceptWarnings: true,
    });

    assert.equal(result.writtenTo, 'disk');
    const after = fs.readFileSync(production, 'utf8');
    assert.equal(after, before.replace('newTag: 5c6d7e8-h2j9w', 'newTag: 7a7a7a7-abcde'));
    assert.match(after, /# Only tags that ran in QA are promoted here\./);
  });

  it('set tag edits an open document', async () => {
    const qa = file('02-qa');
    const saved = fs.readFileSync(qa, 'utf8');
    const document = await vscode.workspace.openTextDocument(qa);
    await vscode.window.showTextDocument(document);

    const result = await vscode.commands.executeCommand<SetImageTagResult>('gitops.setImageTag', {
      environment: '02-qa',
      image,
      tag: '1b1b1b1-fghij',
      acceptWarnings: true,
    });

    assert.equal(result.writtenTo, 'buffer');
    assert.equal(document.isDirty, true);
    assert.match(document.getText(), /newTag: 1b1b1b1-fghij/);
    assert.match(document.getText(), /# Promoted from dev once the smoke tests pass\./);
    assert.equal(fs.readFileSync(qa, 'utf8'), saved);
  });

  it('set tag asks for environment, image and tag', async () => {
    const offered: string[][] = [];
    stubs.set('showQuickPick', async (items: readonly vscode.QuickPickItem[]) => {
      offered.push(items.map((item) => `${item.label} | ${item.description ?? ''}`));
      const step = offered.length;
      if (step === 1) {
        return items.find((item) => item.label === '03-production');
      }
      if (step === 2) {
        return items.find((item) => item.label === image);
      }
      return items.find((item) => item.description === 'runs in 02-qa');
    });
    stubs.set('showWarningMessage', async () => 'Apply Anyway');

    const result = await vscode.commands.executeCommand<SetImageTagResult>('gitops.setImageTag');

    assert.equal(result.tag, 'a1b2c3d-x7k2p');
    assert.match(fs.readFileSync(file('03-production'), 'utf8'), /newTag: a1b2c3d-x7k2p/);
    const tags = offered[2] ?? [];
    const traceable = /^\$\(git-commit\) [0-9a-f]{7}-[a-z0-9]{5} \| HEAD of tracker-/;
    assert.ok(
      tags.some((line) => traceable.test(line)),
      tags.join('\n'),
    );
    assert.ok(
      tags.some((line) => line.includes('runs in 01-dev')),
      tags.join('\n'),
    );
    assert.ok(
      tags.some((line) => line.includes('earlier in 03-production')),
      tags.join('\n'),
    );
  });

  for (const command of ['gitops.setImageTag', 'gitops.showHistory']) {
    it(`${command} offers the active editor's environment first`, async () => {
      const document = await vscode.workspace.openTextDocument(file('03-production'));
      await vscode.window.showTextDocument(document);
      const offered: string[] = [];
      stubs.set('showQuickPick', async (items: readonly vscode.QuickPickItem[]) => {
        offered.push(...items.map((item) => `${item.label} | ${item.description ?? ''}`));
        return undefined;
      });

      await vscode.commands.executeCommand(command);

      assert.match(offered[0] ?? '', /^03-production \| .* · active editor$/);
      assert.deepEqual(
        offered.map((line) => line.split(' | ')[0]),
        ['03-production', '01-dev', '02-qa'],
      );
    });
  }

  it('set tag warning can cancel', async () => {
    const production = file('03-production');
    const before = fs.readFileSync(production, 'utf8');
    const warnings: string[] = [];
    stubs.set('showWarningMessage', async (message: string, ...actions: string[]) => {
      warnings.push(message);
      assert.deepEqual(actions, ['Apply Anyway', 'Cancel']);
      return 'Cancel';
    });

    const result = await vscode.commands.executeCommand('gitops.setImageTag', {
      environment: '03-production',
      image,
      tag: 'latest',
    });

    assert.equal(result, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /tag "latest" moves without a commit/);
    assert.equal(fs.readFileSync(production, 'utf8'), before);
    assert.deepEqual(errors, []);
  });

  it('promote dev to qa commits only qa', async function () {
    if (!api.session.renders.enabled) {
      this.skip();
    }
    const base = path.join(root, 'env', 'base', 'deployment.yaml');
    fs.appendFileSync(base, '# an unrelated edit that the promotion must not commit\n');

    const result = await vscode.commands.executeCommand<PromoteResult>('gitops.promote', {
      source: '01-dev',
      target: '02-qa',
      action: 'commit',
      showDiff: false,
      push: false,
    });

    assert.equal(result.action, 'commit');
    assert.equal(git(root, 'rev-parse', 'HEAD^'), initialHead);
    assert.equal(committedFiles(), 'env/02-qa/kustomization.yaml');
    assert.equal(subject(), 'Promote tracker-api 9f3e2d1-p4m8q from 01-dev to 02-qa');
    const qa = fs.readFileSync(file('02-qa'), 'utf8');
    assert.match(qa, /newTag: 9f3e2d1-p4m8q/);
    assert.match(qa, /# Promoted from dev once the smoke tests pass\./);
    assert.match(git(root, 'status', '--porcelain'), /env\/base\/deployment\.yaml/);
  });

  it('promote uses the branch and message settings', async function () {
    if (!api.session.renders.enabled) {
      this.skip();
    }
    const config = vscode.workspace.getConfiguration('gitops');
    const target = vscode.ConfigurationTarget.Workspace;
    await config.update('promote.branch', 'new', target);
    await config.update('promote.messageTemplate', 'Ship ${tag} to ${target}\n\n${images}', target);

    try {
      await vscode.commands.executeCommand('gitops.promote', {
        source: '01-dev',
        target: '02-qa',
        action: 'commit',
        showDiff: false,
        push: false,
      });
    } finally {
      await config.update('promote.branch', undefined, target);
      await config.update('promote.messageTemplate', undefined, target);
    }

    assert.equal(git(root, 'branch', '--show-current'), 'promote/02-qa-9f3e2d1-p4m8q');
    assert.equal(subject(), 'Ship 9f3e2d1-p4m8q to 02-qa');
    const body = git(root, 'log', '-1', '--format=%b');
    assert.equal(body, `${image}: ${image}:a1b2c3d-x7k2p -> ${image}:9f3e2d1-p4m8q`);
  });

  it('promote shows the kustomization and render diffs', async function () {
    if (!api.session.renders.enabled) {
      this.skip();
    }
    const result = await vscode.commands.executeCommand<PromoteResult | undefined>(
      'gitops.promote',
      { source: '01-dev', target: '02-qa', action: 'cancel' },
    );

    assert.equal(result, undefined);
    const diffs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .flatMap((tab) => (tab.input instanceof vscode.TabInputTextDiff ? [tab.input] : []));
    const planned = diffs.find((input) => input.original.scheme === 'file');
    assert.equal(planned?.modified.scheme, 'gitops-release');
    const rendered = diffs.find((input) => input.original.path.endsWith('rendered-before.yaml'));
    assert.ok(rendered, `no rendered diff among ${diffs.length} diff editors`);
    const after = await vscode.workspace.openTextDocument(rendered.modified);
    assert.ok(after.getText().includes(`image: ${image}:9f3e2d1-p4m8q`), after.getText());
    assert.equal(git(root, 'rev-parse', 'HEAD'), initialHead);
  });

  it('promote rejects an unsaved target', async () => {
    const qa = file('02-qa');
    const saved = fs.readFileSync(qa, 'utf8');
    const document = await vscode.workspace.openTextDocument(qa);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), '# draft\n'));

    await vscode.commands.executeCommand('gitops.promote', {
      source: '01-dev',
      target: '02-qa',
      action: 'commit',
      showDiff: false,
      push: false,
    });

    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /unsaved changes/);
    assert.equal(fs.readFileSync(qa, 'utf8'), saved);
    assert.equal(git(root, 'rev-parse', 'HEAD'), initialHead);
  });

  it('promote rejects a repository mid-merge', async () => {
    const mergeHead = path.join(root, '.git', 'MERGE_HEAD');
    fs.writeFileSync(mergeHead, `${initialHead}\n`);

    try {
      await vscode.commands.executeCommand('gitops.promote', {
        source: '01-dev',
        target: '02-qa',
        action: 'commit',
        showDiff: false,
        push: false,
      });
    } finally {
      fs.rmSync(mergeHead, { force: true });
    }

    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /a merge is in progress/);
    assert.equal(git(root, 'rev-parse', 'HEAD'), initialHead);
  });

  it('promote rejects a source that does not render', async function () {
    if (!api.session.renders.enabled) {
      this.skip();
    }
    const dev = file('01-dev');
    const broken = fs.readFileSync(dev, 'utf8').replace('- ../base', '- ../base\n  - missing.yaml');
    fs.writeFileSync(dev, broken);

    await vscode.commands.executeCommand('gitops.promote', {
      source: dev,
      target: '02-qa',
      action: 'commit',
      showDiff: false,
      push: false,
    });

    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /01-dev does not render, so it is not promoted/);
    assert.equal(git(root, 'rev-parse', 'HEAD'), initialHead);
  });

  it('shows CodeLenses above image entries', async () => {
    const uri = vscode.Uri.file(file('01-dev'));
    await vscode.window.showTextDocument(uri);

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      uri,
    );
    const titles = lenses.map((lens) => lens.command?.title);

    assert.ok(titles.includes('Set tag'), titles.join(', '));
    assert.ok(titles.includes('Promote to 02-qa'), titles.join(', '));
  });

  it('hover on a tag lists environments and the last commit', async () => {
    const document = await vscode.workspace.openTextDocument(file('02-qa'));
    const line = document
      .getText()
      .split('\n')
      .findIndex((text) => text.includes('newTag:'));
    const column = document.lineAt(line).text.indexOf('a1b2c3d') + 2;

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(line, column),
    );
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');

    assert.match(text, /01-dev \| `9f3e2d1-p4m8q`/);
    assert.match(text, /\*\*02-qa\*\* \| `a1b2c3d-x7k2p`/);
    assert.match(text, /03-production \| `5c6d7e8-h2j9w`/);
    const lastChange = /Last changed in `[0-9a-f]{7}` on 2025-03-06 by Robin Carter: Promote a1b/;
    assert.match(text, lastChange);
  });

  it('history lists the tag commits of dev', async () => {
    const changes = await vscode.commands.executeCommand<ImageTagChange[]>('gitops.showHistory', {
      environment: '01-dev',
      pick: false,
    });

    assert.deepEqual(
      changes.map((change) => change.newTag),
      ['9f3e2d1-p4m8q', 'a1b2c3d-x7k2p', '0e4f6a2-b3n5t', '5c6d7e8-h2j9w'],
    );
    assert.equal(changes[0]?.message, 'Update dev image to 9f3e2d1-p4m8q');
    assert.equal(changes[0]?.author, 'Robin Carter');
    assert.equal(changes[0]?.date, '2025-03-07T09:30:00.000Z');
  });

  it('history quick pick lists commits', async () => {
    const labels: string[] = [];
    stubs.set('showQuickPick', async (items: readonly vscode.QuickPickItem[]) => {
      labels.push(...items.map(labelOf));
      return items[1];
    });
    const offered: string[] = [];
    stubs.set('showInformationMessage', async (_message: string, ...actions: string[]) => {
      offered.push(...actions);
      return undefined;
    });

    await vscode.commands.executeCommand('gitops.showHistory', { environment: '01-dev' });

    assert.deepEqual(labels, ['9f3e2d1-p4m8q', 'a1b2c3d-x7k2p', '0e4f6a2-b3n5t', '5c6d7e8-h2j9w']);
    assert.deepEqual(offered, ['Roll Back tracker-api to a1b2c3d-x7k2p']);
    assert.equal(git(root, 'rev-parse', 'HEAD'), initialHead);
  });

  it('rollback makes a new commit', async () => {
    const changes = await vscode.commands.executeCommand<ImageTagChange[]>('gitops.showHistory', {
      environment: '01-dev',
      pick: false,
    });
    const change = changes.find((candidate) => candidate.newTag === '0e4f6a2-b3n5t');

    const result = await vscode.commands.executeCommand<RollbackResult>('gitops.rollbackTag', {
      environment: '01-dev',
      change,
    });

    assert.equal(result.tag, '0e4f6a2-b3n5t');
    assert.equal(git(root, 'rev-parse', 'HEAD^'), initialHead);
    assert.equal(subject(), 'Roll back tracker-api in 01-dev to 0e4f6a2-b3n5t');
    assert.equal(committedFiles(), 'env/01-dev/kustomization.yaml');
    const dev = fs.readFileSync(file('01-dev'), 'utf8');
    assert.match(dev, /newTag: 0e4f6a2-b3n5t/);
    assert.match(dev, /# The CI pipeline rewrites this tag after every build of main:/);
  });
});
