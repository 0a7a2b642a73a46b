// Debian's chromium driven by playwright-core (never `playwright install`: it downloads a browser).
import * as fs from 'node:fs';
import { Browser, Page, chromium } from 'playwright-core';
import { makeTempDir, removeTempDir } from './tempDirs';

const chromiumPath = process.env.SC_CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox', // root in containers and CI
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `chromium not found at ${chromiumPath}: install it (bash scripts/install-system-deps.sh) ` +
        'or point SC_CHROMIUM_PATH at a Chromium or Chrome executable',
    );
  }
  // Its own HOME and TMPDIR: chromium writes crash-report settings under ~/.config and shared
  // memory folders in /tmp; both go when the browser does.
  const home = makeTempDir('sc-chromium-');
  const env = { ...process.env, HOME: home, TMPDIR: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home };
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, env });
    browser.once('disconnected', () => removeTempDir(home));
    return browser;
  } catch (error) {
    removeTempDir(home);
    throw error;
  }
}

/** A new page at the given size; one page per browser context, so no state is shared. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

/** Loads the workbench URL and waits until the workbench is on screen (12–14 s from a cold start). */
export async function openWorkbench(page: Page, url: string, timeoutMs = 90_000): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
}
