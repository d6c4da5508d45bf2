// UI test of the environment dashboard in a real browser: code-server with the packaged VSIX,
// driven by playwright-core through Debian's Chromium, on the example workspace from
// scripts/make-examples.sh. It reads the image matrix from the webview's DOM, promotes dev to
// qa through the Promote button and the command's quick pick, waits for the matrix to change,
// and saves screenshots in a light and a dark theme to test-results/ui/.
//
//   npm run package && node --test test/ui/dashboard.test.mjs
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

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const vsixPath = path.join(repoRoot, 'gitops-workbench.vsix');
const screenshotDir = path.join(repoRoot, 'test-results', 'ui');
const image = 'registry.example.test/parcel/tracker-api';
const timeoutMs = 60_000;

/** Returns the webview frame that shows the dashboard matrix, waiting for it to appear. */
async function dashboardFrame(page) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const count = await frame
        .locator('#image-matrix')
        .count()
        .catch(() => 0);
      if (count > 0) {
        return frame;
      }
    }
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: path.join(screenshotDir, 'dashboard-missing.png') });
  const urls = page.frames().map((frame) => frame.url());
  throw new Error(
    `no dashboard matrix in any frame after ${timeoutMs / 1000} s; frames: ${urls.join(', ')}`,
  );
}

/** Reads the matrix as `{ environment: value }` for one image row. */
async function readRow(frame, imageName) {
  const cells = frame.locator(
    `vscode-data-grid-row[data-image="${imageName}"] vscode-data-grid-cell[data-environment]`,
  );
  const values = {};
  for (const cell of await cells.all()) {
    const environment = await cell.getAttribute('data-environment');
    values[environment] =
      `${await cell.getAttribute('data-value')} ${await cell.getAttribute('data-lag')}`;
  }
  return values;
}

async function waitForRow(frame, predicate) {
  const deadline = Date.now() + timeoutMs;
  let row = {};
  while (Date.now() < deadline) {
    row = await readRow(frame, image);
    if (predicate(row)) {
      return row;
    }
    await frame.page().waitForTimeout(300);
  }
  throw new Error(`matrix row did not change as expected; last seen ${JSON.stringify(row)}`);
}

/**
 * Runs a command from the palette by typing `filter` and clicking the row titled `title`. The
 * filter is typed again until the row shows, because right after start-up the palette of
 * code-server 4.100.3 can show "No matching commands" before it has loaded the command list.
 */
async function runPaletteCommand(page, filter, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  const deadline = Date.now() + timeoutMs;

  while (!(await row.isVisible()) && Date.now() < deadline) {
    await input.fill('>');
    await input.fill(`>${filter}`);
    await row.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  await row.click();
}

/** Waits for a quick pick row titled `label`, as a command shows it after its own work, and clicks it. */
async function chooseQuickPickItem(page, label) {
  const row = page
    .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label })
    .first();
  await row.waitFor({ timeout: timeoutMs });
  await row.click();
}

function setTheme(profile, theme) {
  const file = path.join(profile.userData, 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  settings['workbench.colorTheme'] = theme;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

describe('dashboard UI', () => {
  const state = {
    server: undefined,
    browser: undefined,
    page: undefined,
    scratch: undefined,
    profile: undefined,
    cd: '',
  };

  before(async () => {
    assert.ok(fs.existsSync(vsixPath), `missing ${vsixPath}: run \`npm run package\` first`);
    fs.mkdirSync(screenshotDir, { recursive: true });

    state.scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-dashboard-ui-'));
    const examples = path.join(state.scratch, 'examples');
    execFileSync('bash', [path.join(repoRoot, 'scripts/make-examples.sh'), examples], {
      stdio: 'ignore',
    });
    state.cd = path.join(examples, 'tracker-cd');
    // Promote commits, which needs an identity that does not depend on the user's ~/.gitconfig.
    execFileSync('git', ['-C', state.cd, 'config', 'user.name', 'Dashboard Test']);
    execFileSync('git', ['-C', state.cd, 'config', 'user.email', 'dashboard-test@example.test']);

    state.profile = createProfile(path.join(state.scratch, 'code-server'));
    setTheme(state.profile, 'Default Light Modern');
    await installExtension(state.profile, vsixPath);
    state.server = await startCodeServer(state.profile);
    state.browser = await launchBrowser();
    state.page = state.browser.page;
    console.log(`code-server ${state.server.url} (PID ${state.server.pid})`);

    await state.page.goto(
      workbenchUrl(state.server.url, path.join(examples, 'tracker.code-workspace')),
    );
    await state.page.locator('.monaco-workbench .statusbar').waitFor({ timeout: timeoutMs });
  });

  after(async () => {
    await state.browser?.close();
    await state.server?.stop();
    if (state.scratch) {
      fs.rmSync(state.scratch, { recursive: true, force: true });
    }
  });

  it('shows the matrix', async () => {
    await runPaletteCommand(state.page, 'GitOps', 'GitOps: Open Dashboard');
    const frame = await dashboardFrame(state.page);

    const row = await waitForRow(frame, (values) => values['02-qa']?.endsWith('behind'));
    assert.deepEqual(row, {
      '01-dev': '9f3e2d1-p4m8q first',
      '02-qa': 'a1b2c3d-x7k2p behind',
      '03-production': '5c6d7e8-h2j9w behind',
    });
    await state.page.waitForTimeout(500);
    await state.page.screenshot({ path: path.join(screenshotDir, 'dashboard-light.png') });
  });

  it('promotes dev to qa', async () => {
    const frame = await dashboardFrame(state.page);
    const button = frame.locator('vscode-button[data-action="promote"][data-source$="01-dev"]');
    assert.equal(await button.getAttribute('disabled'), null, await button.getAttribute('title'));
    await button.click();

    // gitops.promote opens the kustomization and rendered diffs, then asks what to do.
    await chooseQuickPickItem(state.page, 'Promote and Commit');

    // The diffs took the dashboard's editor group, and a hidden webview loses its frame.
    await runPaletteCommand(state.page, 'GitOps', 'GitOps: Open Dashboard');
    const shown = await dashboardFrame(state.page);
    const row = await waitForRow(shown, (values) => values['02-qa']?.startsWith('9f3e2d1-p4m8q'));
    assert.equal(row['02-qa'], '9f3e2d1-p4m8q same');
    assert.equal(row['03-production'], '5c6d7e8-h2j9w behind');
    const subject = execFileSync('git', ['-C', state.cd, 'log', '-1', '--format=%s'], {
      encoding: 'utf8',
    });
    assert.match(subject, /^Promote .* from 01-dev to 02-qa/);
  });

  it('follows the dark theme', async () => {
    await runPaletteCommand(state.page, 'Color Theme', 'Preferences: Color Theme');
    const input = state.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('Dark Modern');
    await state.page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Dark Modern' })
      .first()
      .click();
    await state.page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: timeoutMs });
    await state.page.waitForTimeout(1000);

    await state.page.screenshot({ path: path.join(screenshotDir, 'dashboard-dark.png') });
    const frame = await dashboardFrame(state.page);
    const background = await frame.evaluate(() =>
      getComputedStyle(document.body).getPropertyValue('--vscode-editor-background'),
    );
    assert.notEqual(background.trim(), '');
  });
});
