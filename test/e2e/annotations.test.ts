// A person's path: open the annotation file, read the problems, repair one from the lightbulb.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { repoRoot } from '../../tools/host/paths';
import { chooseCodeAction, openCodeActions } from './support/codeActions';
import { useWorkbench } from './support/suite';
import { activeTab, openFile, screenshot, waitForProblemCounts } from './support/workbench';

describe('annotation problems in the workbench (e2e)', () => {
  const workbench = useWorkbench({ settings: { 'editor.lightbulb.enabled': 'on' } });

  it('shows the example\'s two problems, and a quick fix from the lightbulb makes the count drop', async () => {
    const page = workbench().page;
    await openFile(page, 'example.annotations.json');
    await activeTab(page, 'example.annotations.json').waitFor({ state: 'visible' });
    await waitForProblemCounts(page, (counts) => counts.errors === 2, 60_000);

    // The Problems panel lists both, with their codes.
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    const inverted = rows.filter({ hasText: 'Segment starts after it ends' });
    await inverted.waitFor({ state: 'visible' });
    await rows.filter({ hasText: 'after the end of the video' }).waitFor({ state: 'visible' });
    assert.match((await page.locator('.markers-panel').innerText()), /inverted-segment/);

    // Selecting the problem puts the cursor on it; Ctrl+. opens the lightbulb's quick fixes.
    await inverted.click();
    await page.keyboard.press('Enter');
    await openCodeActions(page, 'Swap startSeconds and endSeconds');
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'problems.png'));
    await chooseCodeAction(page, 'Swap startSeconds and endSeconds');

    const after = await waitForProblemCounts(page, (counts) => counts.errors === 1);
    assert.equal(after.errors, 1);
    await rows.filter({ hasText: 'Segment starts after it ends' }).waitFor({ state: 'detached' });
  });
});
