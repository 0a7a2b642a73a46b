// A person's path: Spot-Check Predictions from the palette on the test split of a real trained run,
// the scores read inside the webview, wrong ones first, the README screenshots, sorting, Enter on a
// card opening its image and segment, the explorer's context menu on a folder, and a window reload.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FrameLocator, Page } from 'playwright-core';
import { repoRoot } from '../../tools/host/paths';
import { useWorkbench } from './support/suite';
import { trainedWorkspace } from './support/trainedWorkspace';
import { activeTab, runCommand, screenshot, waitUntil } from './support/workbench';
import { paletteCommand, selectTheme } from './support/webviews';

/** Every frame of the test split (clip2: 20 frames), so that the two relabelled frames are in the grid. */
const SAMPLE = 20;

interface Evaluation { classes: string[]; predictions: Array<{ path: string; trueClass: string; scores: number[] }> }
interface Card { name: string; verdict: string; scores: Record<string, string>; truth: string }

/** The webview of the grid: image previews are webviews too, so the one holding #spot-check. */
async function gridFrame(page: Page): Promise<FrameLocator> {
  return waitUntil('the spot-check webview', async () => {
    const count = await page.locator('iframe.webview').count();
    for (let i = 0; i < count; i++) {
      const frame = page.frameLocator('iframe.webview').nth(i).frameLocator('#active-frame');
      if ((await frame.locator('#spot-check').count().catch(() => 0)) > 0) return frame;
    }
    return undefined;
  }, 60_000);
}

async function readCards(frame: FrameLocator): Promise<Card[]> {
  return frame.locator('article.card').evaluateAll((cards) => cards.map((card) => ({
    name: card.querySelector('.name')?.textContent ?? '',
    verdict: card.getAttribute('data-verdict') ?? '',
    scores: Object.fromEntries([...card.querySelectorAll('tr[data-class]')].map((row) => [row.getAttribute('data-class') ?? '', row.querySelector('td.score')?.textContent ?? ''])),
    truth: card.querySelector('.truth')?.textContent ?? '',
  })));
}

const allImagesLoaded = (frame: FrameLocator): Promise<boolean> =>
  frame.locator('article.card img').evaluateAll((images) => images.length > 0 && images.every((img) => {
    const loaded = img as unknown as { complete: boolean; naturalWidth: number };
    return loaded.complete && loaded.naturalWidth > 0;
  }));

describe('Spot check in the workbench (e2e)', () => {
  const trained = trainedWorkspace();
  const workbench = useWorkbench({ workspace: trained.folder, settings: { 'surgeryClassifier.backend': 'wasm', 'surgeryClassifier.spotCheck.sampleSize': SAMPLE, 'explorer.compactFolders': false } });
  let evaluation: Evaluation;

  it('samples the test split from the palette; the scores inside the webview are the evaluation’s, wrong ones first', async function () {
    this.timeout(180_000);
    const { page, workspacePath } = workbench();
    // Two frames labelled the other class (an annotator's slip, what a spot check is for): the model is right, the truth is wrong.
    const evaluationFile = path.join(workspacePath, trained.runsFolder, trained.runId, 'evaluation.json');
    evaluation = JSON.parse(fs.readFileSync(evaluationFile, 'utf8')) as Evaluation;
    const flipped = [evaluation.predictions.find((p) => p.trueClass === 'suturing'), evaluation.predictions.find((p) => p.trueClass === 'not-suturing')];
    for (const p of flipped) if (p) p.trueClass = p.trueClass === 'suturing' ? 'not-suturing' : 'suturing';
    fs.writeFileSync(evaluationFile, JSON.stringify(evaluation));
    await runCommand(page, 'Surgery Classifier: Spot-Check Predictions');
    const choice = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Sample frames from the test split' });
    await choice.waitFor({ state: 'visible' });
    await choice.click();

    const frame = await gridFrame(page);
    await waitUntil(`${SAMPLE} cards`, async () => ((await frame.locator('article.card').count()) === SAMPLE ? true : undefined), 60_000);
    const cards = await readCards(frame);
    for (const card of cards) {
      const truth = evaluation.predictions.find((p) => p.path === card.name);
      assert.ok(truth, `${card.name} is a test-split frame`);
      assert.deepEqual(card.scores, Object.fromEntries(evaluation.classes.map((c, i) => [c, truth.scores[i].toFixed(3)])), card.name);
      const predicted = evaluation.classes[truth.scores.indexOf(Math.max(...truth.scores))];
      assert.equal(card.verdict, predicted === truth.trueClass ? 'right' : 'wrong', card.name);
      assert.equal(card.truth, `true: ${truth.trueClass}`);
    }
    const verdicts = cards.map((c) => c.verdict);
    const wrong = verdicts.filter((v) => v === 'wrong').length;
    assert.ok(wrong >= 2, `the relabelled frames are wrong predictions now: ${verdicts.join(' ')}`);
    assert.deepEqual(verdicts.slice(0, wrong), new Array(wrong).fill('wrong'), 'wrong ones first');
    // Highlighted by more than colour: a thicker border and a badge.
    const border = (index: number) => frame.locator('article.card').nth(index).evaluate((el) => Number.parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { borderTopWidth: string } }).getComputedStyle(el).borderTopWidth));
    assert.ok((await border(0)) > (await border(SAMPLE - 1)), 'a wrong card has a thicker border');
    assert.equal(await frame.locator('article.card').first().locator('.badge').innerText(), '✗ wrong');
    assert.match(await frame.locator('#counts').innerText(), new RegExp(`${SAMPLE} of ${evaluation.predictions.length} test-split frames.*${wrong} wrong of ${SAMPLE}`));
    // Thumbnails come from the dataset folder through the webview's resource roots (and its CSP).
    await waitUntil('the thumbnails loaded', async () => ((await allImagesLoaded(frame)) ? true : undefined));
    await selectTheme(page, 'Dark Modern');
    await waitUntil('the dark theme inside the webview', async () => ((await frame.locator('body').getAttribute('class'))?.includes('vscode-dark') ? true : undefined));
    await page.keyboard.press('Escape');
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'spot-check-dark.png'));
  });

  it('light and high-contrast themes: screenshots, and the wrong cards keep a border of their own', async function () {
    this.timeout(90_000);
    const { page } = workbench();
    await selectTheme(page, 'Light Modern');
    const frame = await gridFrame(page);
    await waitUntil('the light theme inside the webview', async () => ((await frame.locator('body').getAttribute('class'))?.includes('vscode-light') ? true : undefined));
    await page.keyboard.press('Escape');
    await waitUntil('the thumbnails loaded', async () => ((await allImagesLoaded(frame)) ? true : undefined));
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'spot-check-light.png'));

    // High contrast: the wrong cards keep a thick border of their own style, not only a colour.
    await selectTheme(page, 'Dark High Contrast');
    await waitUntil('the high-contrast theme inside the webview', async () => ((await frame.locator('body').getAttribute('class'))?.includes('vscode-high-contrast') ? true : undefined));
    await page.keyboard.press('Escape');
    const style = await frame.locator('article.card.wrong').first().evaluate((el) => {
      const computed = (globalThis as unknown as { getComputedStyle(e: unknown): { borderTopStyle: string; borderTopWidth: string } }).getComputedStyle(el);
      return { style: computed.borderTopStyle, width: Number.parseFloat(computed.borderTopWidth) };
    });
    assert.deepEqual(style, { style: 'double', width: 3 });
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'spot-check-high-contrast.png'));
    await selectTheme(page, 'Dark Modern');
  });

  it('sorts by confidence; Enter on a focused card opens its image and selects its segment in the annotation file', async function () {
    this.timeout(120_000);
    const { page } = workbench();
    const frame = await gridFrame(page);
    await frame.locator('#sort').selectOption('confidence-asc');
    const confidences = await waitUntil('the grid sorted by confidence', async () => {
      const cards = await readCards(frame);
      const values = cards.map((c) => Math.max(...Object.values(c.scores).map(Number)));
      return values.length === SAMPLE && values.every((v, i) => i === 0 || values[i - 1] <= v) ? values : undefined;
    });
    assert.equal(confidences.length, SAMPLE);

    // Keyboard: the first card (the least confident) gets the focus, Enter opens it.
    const first = frame.locator('article.card').first();
    const name = (await first.locator('.name').innerText()).trim();
    await first.focus();
    await page.keyboard.press('Enter');
    await activeTab(page, trained.annotations).waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator(`.tabs-container .tab[data-resource-name="${path.posix.basename(name)}"]`).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The selection is a segment or the entry of the frame's video: clip2, the test split's video.
    const selected = await waitUntil('a selection in the annotation editor', async () => {
      const text = await page.locator('.editor-instance .monaco-editor .view-overlays .selected-text').count();
      return text > 0 ? text : undefined;
    });
    assert.ok(selected > 0);
    await paletteCommand(page, 'View: Close All Editors');
  });

  it('the explorer’s context menu on a folder of frames rescores them in the worker', async function () {
    this.timeout(180_000);
    const { page } = workbench();
    await paletteCommand(page, 'View: Show Explorer');
    const row = (label: string) => page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
    for (const folder of ['datasets', 'suturing', 'test']) {
      await row(folder).waitFor({ state: 'visible', timeout: 30_000 });
      if ((await row(folder).getAttribute('aria-expanded')) !== 'true') await row(folder).click();
    }
    await row('test').click({ button: 'right' });
    const item = page.locator('.context-view .action-item', { hasText: 'Spot-Check Predictions' });
    await item.waitFor({ state: 'visible' });
    // The menu ignores a mouse-up right after it opened (the right click's own): choose the item with the keyboard.
    await item.hover();
    await page.keyboard.press('Enter');
    const frame = await gridFrame(page);
    const testFrames = evaluation.predictions.length;
    await waitUntil('the rescored frames', async () => (new RegExp(`${Math.min(SAMPLE, testFrames)} of ${testFrames} images, sampled|^${testFrames} images`).test(await frame.locator('#counts').innerText().catch(() => '')) ? true : undefined), 120_000);
    const cards = await readCards(frame);
    assert.equal(cards.length, Math.min(SAMPLE, testFrames));
    // Frames of the dataset: the manifest gives their true class; the whole model agrees with the evaluation.
    const manifest = fs.readFileSync(path.join(workbench().workspacePath, trained.dataset, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { path: string; class: string });
    for (const card of cards) {
      const truth = evaluation.predictions.find((p) => card.name.endsWith(p.path));
      assert.ok(truth, card.name);
      assert.equal(card.truth, `true: ${manifest.find((row) => row.path === truth.path)?.class}`);
      evaluation.classes.forEach((c, i) => assert.ok(Math.abs(Number(card.scores[c]) - truth.scores[i]) < 0.02, `${card.name} ${c}: ${card.scores[c]} vs ${truth.scores[i]}`));
    }
  });

  it('comes back after a window reload with the same grid, without scoring again', async function () {
    this.timeout(120_000);
    const { page } = workbench();
    const before = await readCards(await gridFrame(page));
    await paletteCommand(page, 'Developer: Reload Window');
    // The iframes are new after the reload: look the grid up again on every try.
    const after = await waitUntil('the restored grid', async () => {
      const cards = await readCards(await gridFrame(page)).catch(() => []);
      return cards.length === before.length ? cards : undefined;
    }, 90_000);
    assert.deepEqual(after, before);
    await waitUntil('the thumbnails loaded again', async () => ((await allImagesLoaded(await gridFrame(page))) ? true : undefined));
  });
});
