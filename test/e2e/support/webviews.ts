// Driving the workbench around webview panels: the palette and themes with the focus given back to
// the workbench (keys typed while a webview has focus stay in its iframe), and reads inside a webview.
import { FrameLocator, Page } from 'playwright-core';
import { waitUntil } from './wait';

/**
 * Runs a workbench command from the palette after clicking the side bar's title, so that the keys reach
 * the workbench. (Rows of commands with a keybinding carry it in their accessible name, so rows are
 * matched by their text here.)
 */
export async function paletteCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await waitUntil('the command palette', async () => {
    await page.locator('.part.sidebar .composite.title').click();
    await page.keyboard.press('F1');
    return (await input.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) ? true : undefined;
  });
  await input.fill(`>${title}`);
  const command = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title }).first();
  await command.waitFor({ state: 'visible' });
  await command.click();
}

/** Preferences: Color Theme → the named theme. */
export async function selectTheme(page: Page, theme: string): Promise<void> {
  await paletteCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(theme);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: theme }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** The content frame of the active webview panel. */
export const activeWebview = (page: Page): FrameLocator => page.frameLocator('iframe.webview').frameLocator('#active-frame');

/** An attribute inside a webview, or undefined while the element is not there. */
export async function webviewAttribute(frame: FrameLocator, selector: string, name: string): Promise<string | undefined> {
  return (await frame.locator(selector).getAttribute(name, { timeout: 2000 }).catch(() => null)) ?? undefined;
}
