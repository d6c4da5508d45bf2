// UI test in a real browser: code-server with the packaged VSIX installed, driven by
// playwright-core through Debian's Chromium. It opens the GitOps container, expands an
// environment, runs "GitOps: Open Kustomize Preview" and waits for rendered YAML.
// Screenshots of each step go to test-results/ui/.
//
//   npm run package && node --test test/ui/workbench.test.mjs
//
// Environment: GITOPS_UI_WORKSPACE opens that folder or .code-workspace file instead of the
// example workspace that scripts/make-examples.sh creates.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createProfile,
  installExtension,
  startCodeServer,
  workbenchUrl,
} from '../../scripts/code-server.mjs';
import { launchBrowser } from '../vscode/browser.mjs';
import {
  environmentsPane,
  findRenderedYaml,
  openCommandPalette,
  pickQuickInputItem,
  waitForSettledTree,
} from './workbench.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vsixPath = path.join(repoRoot, 'gitops-workbench.vsix');
const screenshotDir = path.join(repoRoot, 'test-results', 'ui');
const fallbackWorkspace = path.join(repoRoot, 'test/fixtures/extension-host/workspace');

const loadTimeoutMs = 60_000;
const renderTimeoutMs = 60_000;

/** Creates the example workspace under `scratch`; returns its .code-workspace file or folder. */
function prepareWorkspace(scratch) {
  if (process.env.GITOPS_UI_WORKSPACE) {
    return path.resolve(process.env.GITOPS_UI_WORKSPACE);
  }

  const generator = path.join(repoRoot, 'scripts/make-examples.sh');
  if (!fs.existsSync(generator)) {
    console.log(`scripts/make-examples.sh not found; opening ${fallbackWorkspace}`);
    return fallbackWorkspace;
  }

  const dir = path.join(scratch, 'examples');
  execFileSync('bash', [generator, dir], { stdio: 'inherit' });
  const workspaceFile = fs.readdirSync(dir).find((name) => name.endsWith('.code-workspace'));
  return workspaceFile ? path.join(dir, workspaceFile) : dir;
}

// Exiting runs the launcher's exit hook, which stops code-server.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130));
}

describe('workbench UI', () => {
  const state = { server: undefined, browser: undefined, page: undefined, scratch: undefined };
  const missingCommands = [];
  let environmentName = '';

  async function screenshot(name) {
    // Tree and editor animations take a few hundred milliseconds to settle.
    await state.page.waitForTimeout(800);
    await state.page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  }

  async function step(name, action) {
    try {
      await action();
      await screenshot(name);
    } catch (error) {
      await state.page?.screenshot({ path: path.join(screenshotDir, `${name}-failed.png`) });
      throw error;
    }
  }

  before(async () => {
    assert.ok(fs.existsSync(vsixPath), `missing ${vsixPath}: run \`npm run package\` first`);
    fs.mkdirSync(screenshotDir, { recursive: true });

    state.scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-ui-'));
    const workspace = prepareWorkspace(state.scratch);
    const profile = createProfile(path.join(state.scratch, 'code-server'));
    await installExtension(profile, vsixPath);

    state.server = await startCodeServer(profile);
    state.browser = await launchBrowser();
    state.page = state.browser.page;
    state.page.on('pageerror', (error) => console.log(`[workbench error] ${error.message}`));
    // The workbench logs this when a click runs the command of a tree row that was replaced.
    state.page.on('console', (message) => {
      if (message.text().includes('command not found')) {
        missingCommands.push(message.text());
      }
    });
    console.log(
      `code-server ${state.server.url} (PID ${state.server.pid}), workspace ${workspace}`,
    );

    await state.page.goto(workbenchUrl(state.server.url, workspace));
    await state.page.locator('.monaco-workbench .statusbar').waitFor({ timeout: loadTimeoutMs });
  });

  after(async () => {
    // Logged, not asserted: the workbench itself may show unrelated notifications.
    const messages = await state.page
      ?.locator('.notification-list-item-message')
      .allInnerTexts()
      .catch(() => []);
    for (const message of messages ?? []) {
      console.log(`notification: ${message}`);
    }

    await state.browser?.close();
    await state.server?.stop();
    if (state.scratch) {
      fs.rmSync(state.scratch, { recursive: true, force: true });
    }
  });

  it('opens the GitOps container', async () => {
    await step('01-gitops-container', async () => {
      const icon = state.page.locator(
        '.activitybar .action-item .action-label[aria-label^="GitOps"]',
      );
      await icon.waitFor({ timeout: loadTimeoutMs });
      await icon.click();

      await environmentsPane(state.page).waitFor({ timeout: loadTimeoutMs });
    });
  });

  it('expands an environment', async () => {
    await step('02-environment-expanded', async () => {
      const pane = environmentsPane(state.page);
      const row = pane.locator('.monaco-list-row[aria-level="1"][aria-expanded]').first();
      await row.waitFor({ timeout: loadTimeoutMs });
      const waited = await waitForSettledTree(state.page, pane, 1500, loadTimeoutMs);
      console.log(`environments tree settled after ${waited} ms`);
      environmentName = (await row.locator('.label-name').first().innerText()).trim();

      // A click on the row selects it and runs its command, which may or may not expand it.
      await row.click();
      await state.page.waitForTimeout(300);
      if ((await row.getAttribute('aria-expanded')) === 'false') {
        await row.locator('.monaco-tl-twistie').click();
      }

      await pane.locator('.monaco-list-row[aria-level="2"]').first().waitFor({ timeout: 30_000 });
      assert.equal(await row.getAttribute('aria-expanded'), 'true');
      assert.deepEqual(missingCommands, []);
      console.log(`expanded environment ${environmentName}`);
    });
  });

  it('renders the Kustomize preview', async () => {
    await step('03-kustomize-preview', async () => {
      await openCommandPalette(state.page, 'GitOps: Open Kustomize Preview');
      await state.page.keyboard.press('Enter');
      await pickQuickInputItem(state.page, environmentName);

      const yaml = await findRenderedYaml(state.page, renderTimeoutMs);
      assert.match(yaml, /^apiVersion: /m);
      assert.match(yaml, /^kind: (?!Kustomization\b)\w+/m);
    });
  });
});
