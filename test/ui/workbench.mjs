// Locators and waits for the VS Code workbench, by aria-label and the workbench's CSS classes
// (checked on VS Code 1.100.3 in code-server 4.100.3).

/** Returns the view pane whose header is labelled "Environments". */
export function environmentsPane(page) {
  const header = page.locator('.pane-header[aria-label^="Environments"]');
  return page.locator('.pane').filter({ has: header });
}

/** Opens the command palette and types a command title, leaving it for Enter to run. */
export async function openCommandPalette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);

  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ timeout: 10_000 });
}

/**
 * Picks an item when a command shows a quick pick: the row containing `preferred`, else the
 * first row. Does nothing when no quick pick appears within two seconds.
 */
export async function pickQuickInputItem(page, preferred) {
  const widget = page.locator('.quick-input-widget');
  const deadline = Date.now() + 2000;

  while (Date.now() < deadline && !(await widget.isVisible())) {
    await page.waitForTimeout(200);
  }
  if (!(await widget.isVisible())) {
    return;
  }

  const rows = widget.locator('.quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: 10_000 });
  const match = rows.filter({ hasText: preferred }).first();
  const target = preferred && (await match.count()) > 0 ? match : rows.first();
  console.log(`quick pick: choosing "${(await target.innerText()).split('\n')[0]}"`);
  await target.click();
}

async function visibleTexts(page) {
  const texts = await page.locator('.monaco-editor .view-lines').allInnerTexts();

  // Webviews live in nested frames; their body text counts too.
  for (const frame of page.frames()) {
    if (frame !== page.mainFrame()) {
      texts.push(
        await frame
          .locator('body')
          .innerText({ timeout: 1000 })
          .catch(() => ''),
      );
    }
  }
  return texts.map((text) => text.replace(/\u00a0/g, ' '));
}

function isRenderedYaml(text) {
  return /^apiVersion: /m.test(text) && /^kind: (?!Kustomization\b)\w+/m.test(text);
}

/**
 * Waits until an editor or webview shows rendered Kubernetes YAML: an `apiVersion:` line and
 * a `kind:` line other than Kustomization (the kustomization file itself is not a render).
 * Returns that text.
 */
export async function findRenderedYaml(page, timeoutMs) {
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    const rendered = (await visibleTexts(page)).find(isRenderedYaml);
    if (rendered !== undefined) {
      return rendered;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no rendered YAML visible after ${timeoutMs / 1000} s`);
}

/**
 * Waits until the rows of a tree pane stay the same for `quietMs`, so a click does not land on
 * a row that a refresh is about to replace. Returns the number of milliseconds it waited.
 */
export async function waitForSettledTree(page, pane, quietMs, timeoutMs) {
  const started = Date.now();
  const rows = pane.locator('.monaco-list-rows');
  let last = await rows.innerHTML().catch(() => '');
  let stableSince = Date.now();

  while (Date.now() - stableSince < quietMs) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`the tree kept changing for ${timeoutMs / 1000} s`);
    }
    await page.waitForTimeout(100);
    const current = await rows.innerHTML().catch(() => '');
    if (current !== last) {
      last = current;
      stableSince = Date.now();
    }
  }
  return Date.now() - started;
}
