// A person's path: open the Surgery Classifier view container in the Activity Bar and read the
// workspace's annotation files, datasets and runs; takes the README screenshot of the views.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../../tools/host/paths';
import { DATASET_COUNTS, finishRun, RUN_ID, startRun, writeAnnotations, writeDataset } from '../integration/support/viewFixtures';
import { useWorkbench } from './support/suite';
import { runCommand, waitUntil } from './support/workbench';

const LIVE_RUN = '20260301-100000-views-live';
const SIDEBAR_WIDTH = 640;

/** The rows of one view of the side bar, found by the view's title. */
const rows = (page: Page, view: string): Locator =>
  page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: view }) }).locator('.monaco-list-row');

async function description(rowsOfView: Locator, label: string): Promise<string> {
  const row = rowsOfView.filter({ has: rowsOfView.page().locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  return (await row.locator('.label-description').innerText()).trim();
}

async function expand(rowsOfView: Locator, label: string): Promise<void> {
  const row = rowsOfView.filter({ hasText: label }).first();
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
}

describe('Surgery Classifier views in the workbench (e2e)', () => {
  const workbench = useWorkbench();

  it('lists annotation files, datasets and runs with their figures, and saves the README screenshot', async () => {
    const { page, workspacePath } = workbench();
    // Written before the views are first shown: showing a view reads its files.
    writeAnnotations(workspacePath);
    const dataset = path.join(workspacePath, 'datasets', 'views-ds');
    writeDataset(dataset, DATASET_COUNTS);
    const runs = path.join(workspacePath, 'runs');
    finishRun(startRun(runs, dataset));
    startRun(runs, dataset, LIVE_RUN);

    await runCommand(page, 'Show Surgery Classifier', 60_000);
    const files = rows(page, 'Annotation Files');
    assert.equal(await description(files, 'example.annotations.json'), '2 problems · 1 video · 7 min 27.417 s labelled');
    assert.equal(await description(files, 'views-demo.annotations.json'), '3 problems · 2 videos · 1 min 20 s labelled');
    await expand(files, 'example.annotations.json');
    assert.equal(await description(files, '5'), '2 segments · suturing 7 min 27.417 s (15.0 %)');

    const datasets = rows(page, 'Datasets');
    assert.equal(await description(datasets, 'views-ds'), '2 classes · 80 frames (train 60 · validation 10 · test 10)');
    await expand(datasets, 'views-ds');
    assert.equal(await description(datasets, 'suturing'), 'train 20 · validation 5 · test 4');

    const runRows = rows(page, 'Runs');
    assert.equal(await description(runRows, RUN_ID), 'completed · test 85.0 % · wasm');
    assert.equal(await description(runRows, LIVE_RUN), 'running · epoch 2/5 · wasm');
    // Hovering a row shows its inline actions (Show Training Dashboard, Spot-Check Predictions).
    const done = runRows.filter({ hasText: RUN_ID }).first();
    await done.hover();
    await done.locator('.actions .action-label').first().waitFor({ state: 'visible' });
    // The side bar widened by its sash, so the descriptions show whole; the picture is the side bar.
    const sidebar = page.locator('.part.sidebar');
    const box = await sidebar.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(SIDEBAR_WIDTH, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
    await waitUntil('the side bar widened', async () => ((await sidebar.boundingBox())?.width ?? 0) > SIDEBAR_WIDTH - 100 || undefined);
    await done.hover();
    const viewport = page.viewportSize();
    assert.ok(viewport);
    await page.screenshot({ path: path.join(repoRoot, 'media', 'screenshots', 'views.png'), clip: { x: 0, y: 0, width: SIDEBAR_WIDTH - 4, height: viewport.height } });
  });

  it('opens the walkthrough: five steps from annotations to results; a step\'s button does it and checks it', async () => {
    const { page } = workbench();
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const option = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Get Started with Surgery Classifier' }).first();
    await option.waitFor({ state: 'visible' });
    await option.click();
    const steps = page.locator('.gettingStartedContainer .getting-started-step');
    await steps.filter({ hasText: 'Look at the results' }).waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepEqual(await steps.locator('.step-title').allInnerTexts(), ['Open or create an annotation file', 'Fix the problems', 'Extract labelled frames', 'Train a classifier', 'Look at the results']);
    // The first step's button shows the Annotation Files view (the side bar closed first), and that
    // is the step's completion event (onView:surgeryClassifier.annotationFiles).
    await page.keyboard.press('Control+B');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await page.locator('.gettingStartedContainer a').filter({ hasText: 'Show Annotation Files' }).first().click();
    await rows(page, 'Annotation Files').first().waitFor({ state: 'visible' });
    await waitUntil('the first step checked', async () => (await steps.first().getAttribute('aria-checked')) === 'true' || undefined);
  });
});
