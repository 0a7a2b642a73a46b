// A person's path: from the Predict Video lens of an annotation entry to the Video timeline, a frame
// on click, smoothing, Save predicted segments through the save dialog, and the saved file checked
// in the editor; the README screenshots; the panel back after a window reload without a new run.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { repoRoot } from '../../tools/host/paths';
import { useWorkbench } from './support/suite';
import { trainedWorkspace } from './support/trainedWorkspace';
import { activeTab, openFile, problemCounts, runCommand, screenshot, waitUntil } from './support/workbench';
import { activeWebview, paletteCommand, selectTheme, webviewAttribute } from './support/webviews';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const percentValue = (text: string): number => Number(text.replace(/[^\d.]/g, ''));
/** The strip's gutter (row names) in CSS pixels: src/webview/timelineStrip.ts's GUTTER. */
const GUTTER = 172;

/** What the frame caption says of one frame: the class of each row and the annotated one. */
interface FrameReading { temporal: string; frameOnly: string; annotated: string }

/** Walks the strip with the arrow keys from the first frame and reads each frame's caption. */
async function readFrames(frame: FrameLocator, count: number, temporalName: string): Promise<FrameReading[]> {
  const caption = new RegExp(`· ${escapeRegExp(temporalName)}: (\\S+) · frame only: (\\S+) \\(\\d\\.\\d\\d\\) · annotated (\\S+)`);
  const readings: FrameReading[] = [];
  await frame.locator('#strip').focus();
  for (let i = 0; i < count; i++) {
    await frame.locator('#strip').press('ArrowRight');
    const text = await frame.locator('#frame-caption').innerText();
    const match = caption.exec(text);
    assert.ok(match, text);
    readings.push({ temporal: match[1], frameOnly: match[2], annotated: match[3] });
  }
  return readings;
}

const accuracy = (readings: readonly FrameReading[], row: 'temporal' | 'frameOnly'): number => (100 * readings.filter((r) => r[row] === r.annotated).length) / readings.length;

/** The cells of a row of the field-metrics table, after its name. */
const fieldMetrics = async (frame: FrameLocator, row: 'temporal' | 'frame-only'): Promise<string[]> => frame.locator(`#field-metrics-${row} td`).allInnerTexts();

describe('Video timeline in the workbench (e2e)', () => {
  const trained = trainedWorkspace();
  const workbench = useWorkbench({ workspace: trained.folder, settings: { 'surgeryClassifier.backend': 'wasm', 'surgeryClassifier.prediction.everySeconds': 1 } });

  it('runs the timeline on a video from its lens, shows a frame on click, saves the predicted segments and the editor checks them', async function () {
    this.timeout(240_000);
    const { page, workspacePath } = workbench();
    await selectTheme(page, 'Dark Modern');
    await page.keyboard.press('Escape');
    await openFile(page, trained.annotations);
    // clip2 is the held-out test video: its entry is the third.
    const lens = page.locator('.codelens-decoration a', { hasText: 'Predict Video' });
    await waitUntil('three Predict Video lenses', async () => ((await lens.count()) === 3 ? true : undefined), 60_000);
    await lens.nth(2).click();

    const frame = activeWebview(page);
    const root = '#timeline';
    await waitUntil('the strip drawn with every frame', async () => ((await webviewAttribute(frame, root, 'data-drawn')) === '20' ? true : undefined), 120_000);
    assert.equal(await webviewAttribute(frame, root, 'data-truth'), '1', 'the annotated segment of clip2');
    assert.match(await frame.locator('#title').innerText(), /clip2\.mp4/);
    const cardAccuracy = percentValue(await frame.locator('#metric-frame-accuracy .metric-value').innerText());
    assert.ok(cardAccuracy >= 80, `frame accuracy ${cardAccuracy} %`);
    assert.match(await frame.locator('#metric-f1').innerText(), /Segment F1\s+\d\.\d{3}/);
    assert.match(await frame.locator('#legend').innerText(), /not-suturing \(background/);

    // The run's temporal model (its temporal.json) has a row of its own, above the frame-only one.
    const temporalName = (JSON.parse(fs.readFileSync(path.join(workspacePath, trained.runsFolder, trained.runId, 'temporal.json'), 'utf8')) as { name: string }).name;
    assert.equal(await webviewAttribute(frame, root, 'data-temporal'), temporalName);
    assert.match((await webviewAttribute(frame, '#strip', 'aria-label')) ?? '', new RegExp(`Annotations; Predicted \\(${escapeRegExp(temporalName)}\\); Predicted, frame only \\(`));
    assert.equal(await frame.locator('#field-metrics-temporal th').innerText(), `Predicted (${temporalName})`);
    assert.match(await frame.locator('#field-metrics thead').innerText(), /Row\s+Frame accuracy\s+Edit\s+F1@10\s+F1@25\s+F1@50/);
    for (const row of ['temporal', 'frame-only'] as const) {
      const cells = await fieldMetrics(frame, row);
      assert.equal(cells.length, 5, row);
      assert.match(cells[0], /^\d+\.\d %$/, `${row} frame accuracy`);
      for (const score of cells.slice(1)) assert.ok(/^\d+\.\d$/.test(score) && Number(score) <= 100, `${row}: ${score}`);
    }
    assert.equal(percentValue((await fieldMetrics(frame, 'frame-only'))[0]), cardAccuracy, 'the frame-only row is the one of the cards');
    assert.match(await frame.locator('#segments-heading').innerText(), new RegExp(`^Predicted segments: Predicted \\(${escapeRegExp(temporalName)}\\)$`), 'the segments Save writes');

    // Smoothing: the host recomputes with the core functions and the panel follows; the temporal row stays.
    const temporalFigures = await fieldMetrics(frame, 'temporal');
    await frame.locator('#smoothing').fill('1');
    await waitUntil('no smoothing', async () => ((await webviewAttribute(frame, root, 'data-smoothing')) === '1' ? true : undefined));
    assert.equal(await frame.locator('#smoothing-value').innerText(), 'none');
    assert.equal(await frame.locator('#field-metrics-frame-only th').innerText(), 'Predicted, frame only (no smoothing)');
    // The figures shown are those of the classes shown: each frame's caption, against its annotation.
    const readings = await readFrames(frame, 20, temporalName);
    assert.equal(percentValue((await fieldMetrics(frame, 'temporal'))[0]).toFixed(1), accuracy(readings, 'temporal').toFixed(1));
    assert.equal(percentValue((await fieldMetrics(frame, 'frame-only'))[0]).toFixed(1), accuracy(readings, 'frameOnly').toFixed(1));
    await frame.locator('#smoothing').fill('5');
    await waitUntil('5-frame smoothing', async () => ((await webviewAttribute(frame, root, 'data-smoothing')) === '5' ? true : undefined));
    assert.equal(await frame.locator('#field-metrics-frame-only th').innerText(), 'Predicted, frame only (smoothing 5 frames)');
    assert.deepEqual(await fieldMetrics(frame, 'temporal'), temporalFigures, 'the slider does not change the temporal row');

    // A click on the second half of the strip: the frame of the fractal ("suturing") part.
    const box = await frame.locator('#strip').boundingBox();
    assert.ok(box);
    await frame.locator('#strip').click({ position: { x: GUTTER + (box.width - GUTTER - 8) * 0.8, y: 60 } });
    assert.match((await webviewAttribute(frame, 'body', 'class')) ?? '', /vscode-dark/);
    // The clicked frame's own image (frames seen on the walk above came before it).
    await waitUntil('the clicked frame', async () => ((await webviewAttribute(frame, '#frame', 'aria-busy')) === undefined ? true : undefined), 30_000);
    assert.match((await webviewAttribute(frame, '#frame-image', 'alt')) ?? '', /^Frame at 0:1[5-7]$/);
    const src = await waitUntil('the frame shown', async () => {
      const value = await webviewAttribute(frame, '#frame-image', 'src');
      return value?.startsWith('data:image/jpeg;base64,') ? value : undefined;
    }, 30_000);
    assert.ok(src.length > 1000, 'a real JPEG');
    assert.match(await frame.locator('#frame-caption').innerText(), new RegExp(`^0:1[5-7] · ${escapeRegExp(temporalName)}: \\S+ · frame only: \\S+ \\(\\d\\.\\d\\d\\) · annotated suturing$`));
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'timeline-dark.png'));

    // Save predicted segments: the save dialog (in the browser, VS Code's own) proposes the file beside the annotations.
    await frame.locator('#save').click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    const proposed = await waitUntil('the proposed path', async () => {
      const value = await input.inputValue();
      return value.endsWith('clip2.predicted.annotations.json') ? value : undefined;
    });
    assert.ok(proposed.includes(path.basename(workspacePath)) || proposed.startsWith('/'), proposed);
    await input.focus();
    await page.keyboard.press('Enter');
    const saved = path.join(workspacePath, 'clip2.predicted.annotations.json');
    await waitUntil('the saved file', async () => (fs.existsSync(saved) ? true : undefined), 30_000);
    const entries = JSON.parse(fs.readFileSync(saved, 'utf8')) as Array<{ videoId: string; video: string; annotations: Array<{ label: string; startSeconds: number; endSeconds: number }> }>;
    assert.equal(entries[0].videoId, 'clip2');
    assert.equal(entries[0].video, 'videos/clip2.mp4');
    assert.ok(entries[0].annotations.some((a) => a.label === 'suturing' && a.endSeconds === 20), JSON.stringify(entries[0].annotations));
    // What was saved is the table of segments the panel lists: the temporal row's.
    const listed = (await frame.locator('#segments tr').allInnerTexts()).slice(1).map((row) => row.split(/\s+/)[0]);
    assert.deepEqual(entries[0].annotations.map((a) => a.label), listed);

    // Opened in an editor and checked like any annotation file: its summary lens, and no problem in it.
    await activeTab(page, 'clip2.predicted.annotations.json').waitFor({ state: 'visible', timeout: 30_000 });
    await waitUntil('the summary lens of the saved file', async () => ((await page.locator('.codelens-decoration', { hasText: /\d+ segments? · suturing/ }).count()) > 0 ? true : undefined), 30_000);
    assert.match(await frame.locator('#status').innerText(), /Saved clip2\.predicted\.annotations\.json/);
    const counts = await problemCounts(page);
    assert.equal(counts.errors, 0, 'the proposal is a valid annotation file');
  });

  it('high-contrast and light themes redraw the strip in their colours', async function () {
    this.timeout(120_000);
    const { page } = workbench();
    const frame = activeWebview(page);
    for (const [theme, bodyClass, file] of [['Dark High Contrast', 'vscode-high-contrast', 'timeline-high-contrast.png'], ['Light Modern', 'vscode-light', 'timeline-light.png']] as const) {
      await selectTheme(page, theme);
      await waitUntil(`the ${theme} theme inside the webview`, async () => ((await webviewAttribute(frame, 'body', 'class'))?.includes(bodyClass) ? true : undefined));
      await waitUntil('the strip redrawn', async () => ((await webviewAttribute(frame, '#timeline', 'data-drawn')) === '20' ? true : undefined));
      await page.keyboard.press('Escape');
      // The outcome of the save stays in the status line through the redraw.
      assert.match(await frame.locator('#status').innerText(), /Saved clip2\.predicted\.annotations\.json/);
      await screenshot(page, path.join(repoRoot, 'media', 'screenshots', file));
    }
  });

  it('comes back after a window reload with its prediction, without running the model again', async function () {
    this.timeout(120_000);
    const { page } = workbench();
    await paletteCommand(page, 'Developer: Reload Window');
    const frame = activeWebview(page);
    await waitUntil('the restored timeline', async () => ((await webviewAttribute(frame, '#timeline', 'data-drawn')) === '20' ? true : undefined), 90_000);
    assert.equal(await webviewAttribute(frame, '#timeline', 'data-running'), 'false');
    assert.equal(await webviewAttribute(frame, '#timeline', 'data-smoothing'), '5');
    assert.equal(await frame.locator('#predict').innerText(), 'Run again');
  });

  it('draws a 2-hour video at 1 s steps (7200 frames) quickly', async function () {
    this.timeout(60_000);
    const { page } = workbench();
    const frame = activeWebview(page);
    // The host's message, as the webview receives it: 7200 frames alternating every 5 minutes.
    const n = 7200;
    const times = Array.from({ length: n }, (_, i) => i);
    const labels = times.map((t) => (Math.floor(t / 300) % 2 ? 'suturing' : 'not-suturing'));
    const segments = Array.from({ length: 12 }, (_, k) => ({ label: 'suturing', start: 600 * k + 300, end: 600 * k + 600 }));
    const message = {
      type: 'show', running: false, truth: segments, source: { runDir: '/runs/long', video: '/videos/long.mp4' },
      prediction: { classes: ['suturing', 'not-suturing'], times, scores: labels.map((l) => (l === 'suturing' ? [0.9, 0.1] : [0.2, 0.8])), durationSeconds: n, backend: 'wasm', everySeconds: 1 },
      evaluation: { smoothing: 1, background: 'not-suturing', labels, confidences: labels.map((l) => (l === 'suturing' ? 0.9 : 0.8)), segments, frameAccuracy: 1, segmentMetrics: { matched: 12, predicted: 12, truth: 12, precision: 1, recall: 1, f1: 1, iouThreshold: 0.5 } },
    };
    // Runs in the webview (no DOM types here: the test room is Node).
    const drawn = await frame.locator('#timeline').evaluate(async (root, data) => {
      const page = globalThis as unknown as { postMessage(m: unknown, origin: string): void; performance: { now(): number } };
      const element = root as unknown as { dataset: Record<string, string | undefined> };
      const started = page.performance.now();
      page.postMessage(data, '*');
      while (element.dataset.drawn !== String(data.prediction.times.length)) await new Promise((resolve) => setTimeout(resolve, 5));
      return page.performance.now() - started;
    }, message);
    console.log(`      7200-frame strip drawn in ${drawn.toFixed(0)} ms`);
    assert.ok(drawn < 1000, `${drawn.toFixed(0)} ms`);
    assert.equal(await frame.locator('#segments tr').count(), 13, 'a header and the 12 segments');
    // A run without a temporal model (the message has none): the rows of before, no temporal figures.
    assert.equal(await webviewAttribute(frame, '#timeline', 'data-temporal'), '');
    assert.match((await webviewAttribute(frame, '#strip', 'aria-label')) ?? '', /rows: Annotations; Predicted, frame only \(no smoothing\); class/);
    assert.equal(await frame.locator('#field-metrics').count(), 0);
    assert.equal(await frame.locator('#segments-heading').innerText(), 'Predicted segments: Predicted, frame only (no smoothing)');
    await screenshot(page, path.join(repoRoot, 'out', 'e2e-screenshots', 'timeline-7200.png'));
  });
});

describe('Video timeline: progress and Cancel (e2e)', () => {
  const trained = trainedWorkspace();
  // A frame every 0.02 s: 1000 frames, long enough to watch the progress and press Cancel.
  const workbench = useWorkbench({ workspace: trained.folder, settings: { 'surgeryClassifier.backend': 'wasm', 'surgeryClassifier.prediction.everySeconds': 0.02 } });

  it('from the palette: pick a video, watch the progress in the panel, Cancel stops the worker', async function () {
    this.timeout(180_000);
    const { page } = workbench();
    await runCommand(page, 'Surgery Classifier: Predict Video');
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'clip0.mp4' }).first();
    await pick.waitFor({ state: 'visible', timeout: 30_000 });
    await pick.click();

    const frame = activeWebview(page);
    await waitUntil('the progress in the panel', async () => {
      const text = await frame.locator('#status').innerText({ timeout: 2000 }).catch(() => '');
      return /Predicting: \d+ \/ \d+ frames/.test(text) ? text : undefined;
    }, 60_000);
    assert.equal(await webviewAttribute(frame, '#timeline', 'data-running'), 'true');
    await page.locator('.notifications-toasts', { hasText: 'Predicting clip0.mp4' }).waitFor({ state: 'visible', timeout: 10_000 });
    await frame.locator('#cancel').click();
    await waitUntil('the prediction stopped', async () => ((await webviewAttribute(frame, '#timeline', 'data-running')) === 'false' ? true : undefined), 30_000);
    assert.equal(await webviewAttribute(frame, '#timeline', 'data-frames'), '0', 'nothing half-predicted is shown');
    assert.equal(await frame.locator('#predict').innerText(), 'Run prediction');
    await page.locator('.notifications-toasts', { hasText: 'Predicting clip0.mp4' }).waitFor({ state: 'hidden', timeout: 10_000 });
  });
});

