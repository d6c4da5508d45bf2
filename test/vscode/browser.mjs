// Headless Chromium for the workbench tests, driven by playwright-core (which downloads no
// browser of its own): Debian's /usr/bin/chromium in a throwaway profile.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags for a container without a GPU or a sandbox-capable kernel, and no background
// requests to Google services.
const chromiumArguments = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium with a fresh profile. Resolves to { context, page, close() }; close()
 * ends the browser and deletes the profile.
 */
export async function launchBrowser(viewport = { width: 1400, height: 900 }) {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: run scripts/setup.sh or set CHROMIUM_PATH`,
    );
  }

  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-workbench-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    args: chromiumArguments,
  });
  const page = context.pages()[0] ?? (await context.newPage());

  const close = async () => {
    await context.close();
    fs.rmSync(profileDir, { recursive: true, force: true });
  };
  return { context, page, close };
}
