// Choosing a quick fix from the lightbulb / Ctrl+. menu. The menu puts a pointer block over the
// page while it is open, so mouse clicks land on that block: it is driven by keyboard instead.
import { Page } from 'playwright-core';

/** Opens the code action menu at the cursor (Ctrl+.), reopening it until it lists `title`. */
export async function openCodeActions(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const item = page.locator('.action-widget .monaco-list-row').filter({ hasText: title }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.keyboard.press('Control+.');
    try {
      await item.waitFor({ state: 'visible', timeout: Math.max(1000, Math.min(5000, deadline - Date.now())) });
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`no code action "${title}" at the cursor after ${timeoutMs} ms`);
    }
  }
}

/** Moves the focus to the open menu's item `title` with the arrow keys and applies it with Enter. */
export async function chooseCodeAction(page: Page, title: string): Promise<void> {
  const rows = page.locator('.action-widget .monaco-list-row');
  await rows.filter({ hasText: title }).first().waitFor({ state: 'visible' });
  const count = await rows.count();
  for (let step = 0; step <= count; step++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').textContent();
    if (focused?.includes(title)) {
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden' });
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`could not focus the code action "${title}"`);
}
