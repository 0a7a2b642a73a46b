// A person's path: Extract Frames from the palette, accept the form, watch the progress, read the summary.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../tools/host/paths';
import { useWorkbench } from './support/suite';
import { openFile, runCommand, screenshot, waitUntil } from './support/workbench';
import { activeWebview, webviewAttribute } from './support/webviews';

describe('Extract Frames in the workbench (e2e)', () => {
  const sharedModel = path.resolve(repoRoot, '..', 'shared', 'models', 'mobilenet_v1_0.25_224_tfjs_layers');
  const workbench = useWorkbench({ settings: { 'surgeryClassifier.baseModel': sharedModel, 'surgeryClassifier.training.epochs': 300, 'surgeryClassifier.training.patience': 0, 'surgeryClassifier.backend': 'wasm' } });

  it('shows a progress notification, then the summary; the dataset is on disk', async function () {
    this.timeout(240_000);
    const { page, workspacePath: folder } = workbench();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    fs.mkdirSync(path.join(folder, 'videos'), { recursive: true });
    for (const id of ['11', '12']) {
      execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=600', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '250', '-pix_fmt', 'yuv420p', path.join(folder, 'videos', `${id}.mp4`)]);
    }
    fs.writeFileSync(path.join(folder, 'e2e.annotations.json'), JSON.stringify([
      { videoId: 11, video: 'videos/11.mp4', durationSeconds: 600, annotations: [{ label: 'suturing', startSeconds: 100, endSeconds: 300 }] },
      { videoId: 12, video: 'videos/12.mp4', durationSeconds: 600, annotations: [{ label: 'suturing', startSeconds: 0, endSeconds: 120 }] },
    ], null, 2));

    await openFile(page, 'e2e.annotations.json');
    await runCommand(page, 'Surgery Classifier: Extract Frames');
    // The form: its first item starts with the defaults (step 4 s, 80/10/10 by video).
    const start = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Extract frames with these settings' });
    await start.waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');

    // Fully faded in, and already counting frames.
    const progress = page.locator('.notification-toast.notification-fade-in-done').filter({ hasText: /Extracting frames.*frames \d+\/300/ });
    await progress.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'extraction-progress.png'));
    const summary = page.locator('.notification-toast').filter({ hasText: /Extracted \d+ frames/ });
    await summary.waitFor({ state: 'visible', timeout: 180_000 });
    const text = await summary.innerText();
    assert.match(text, /Extracted 300 frames \(train \d+ · validation \d+ · test \d+\)/);
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'extraction-summary.png'));

    const manifest = fs.readFileSync(path.join(folder, 'datasets', 'e2e', 'manifest.jsonl'), 'utf8').trim().split('\n');
    assert.equal(manifest.length, 300);
  });

  it('hovering a time shows the video frame at that time', async function () {
    this.timeout(60_000);
    const { page } = workbench();
    await runCommand(page, 'Notifications: Clear All Notifications');
    await openFile(page, 'e2e.annotations.json');
    // Line 9 is `"startSeconds": 100,` of video 11: put the cursor on the value and show the hover.
    await page.keyboard.press('Control+G');
    await page.keyboard.type('9:26');
    await page.keyboard.press('Enter');
    const hover = page.locator('.monaco-hover-content').filter({ hasText: '00:01:40.000' });
    for (let attempt = 0; attempt < 5 && !(await hover.isVisible()); attempt++) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ state: 'visible', timeout: 5000 }).catch(() => undefined);
    }
    const image = hover.locator('img[src^="data:image/jpeg;base64,"]');
    await image.waitFor({ state: 'visible', timeout: 30_000 });
    assert.ok(((await image.boundingBox())?.height ?? 0) > 50, 'the thumbnail is drawn');
    // The hover fades in: wait until it is opaque before the README screenshot.
    await page.waitForFunction(`[...document.querySelectorAll('.monaco-hover')].some((el) => el.textContent.includes('00:01:40.000') && getComputedStyle(el.closest('.editor-widget') || el).opacity === '1')`);
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'hover-frame.png'));
  });

  it('Train Classifier on the dataset: the status bar follows the epochs, the dashboard plots the growing curves, the result is announced', async function () {
    this.timeout(240_000);
    const { page, workspacePath } = workbench();
    await runCommand(page, 'Surgery Classifier: Train Classifier');
    const dataset = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'datasets/e2e' });
    await dataset.waitFor({ state: 'visible' });
    await dataset.click();
    // 300 epochs on 300 embeddings last about half a minute: long enough to watch the training live.
    const status = page.locator('.statusbar-item').filter({ hasText: /epoch \d+\/300 · wasm/ });
    await status.waitFor({ state: 'visible', timeout: 180_000 });
    await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'training-status.png'));

    // The status bar item opens the dashboard of the running training; its step curve grows while we watch.
    await status.click();
    const frame = activeWebview(page);
    const points = async () => Number((await webviewAttribute(frame, '#chart-step-loss', 'data-points')) ?? 0);
    const first = await waitUntil('the live run plotted', async () => ((await points()) > 0 ? points() : undefined), 60_000);
    await waitUntil('more points while the training runs', async () => ((await points()) > first ? true : undefined), 60_000);
    assert.equal(await frame.locator('#runs input[type="checkbox"]').count(), 1);
    const done = page.locator('.notification-toast').filter({ hasText: /Training completed/ });
    await done.waitFor({ state: 'visible', timeout: 180_000 });
    await page.locator('.statusbar-item').filter({ hasText: /trained/ }).waitFor({ state: 'visible' });
    const runs = fs.readdirSync(path.join(workspacePath, 'runs'));
    assert.equal(runs.length, 1);
    assert.ok(fs.existsSync(path.join(workspacePath, 'runs', runs[0], 'model', 'model.json')));
  });
});

