// Driving the command palette (F1) and quick open (Ctrl+P) the way a user does.
import * as path from 'node:path';
import { Locator, Page } from 'playwright-core';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function quickInput(page: Page): { input: Locator; rows: Locator } {
  const widget = page.locator('.quick-input-widget');
  return { input: widget.locator('.quick-input-box input'), rows: widget.locator('.quick-input-list .monaco-list-row') };
}

/**
 * Runs a command by its palette title, with or without its category ("Surgery Classifier: …").
 * Contributed commands appear 3–9 s after the workbench: the palette lists only the commands known
 * when it opens, so it is reopened until the command is there or `timeoutMs` has passed.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const { input, rows } = quickInput(page);
  const row = rows.and(page.getByRole('option', { name: new RegExp(`^(.+: )?${escapeRegExp(title)}$`) })).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: Math.max(1000, Math.min(5000, deadline - Date.now())) });
      await row.click();
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`command "${title}" not in the command palette after ${timeoutMs} ms`);
    }
  }
}

/** Opens a workspace file by its path relative to the folder, and waits for its editor tab. */
export async function openFile(page: Page, relativePath: string, timeoutMs = 30_000): Promise<void> {
  const { input, rows } = quickInput(page);
  const name = path.posix.basename(relativePath);
  await page.keyboard.press('Control+P');
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  await input.fill(relativePath);
  // File rows are labelled "<name>, <folder>, file results" or "<name>, file results".
  const row = rows.and(page.getByRole('option', { name: new RegExp(`^${escapeRegExp(name)},`) })).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
  await activeTab(page, name).waitFor({ state: 'visible', timeout: timeoutMs });
}

/** The active editor tab showing a file of this name. */
export function activeTab(page: Page, fileName: string): Locator {
  return page.locator('.tabs-container .tab.active').and(page.locator(`[data-resource-name="${fileName.replace(/"/g, '\\"')}"]`));
}
