// A person's path: open the Training dashboard on a workspace with runs, watch a run grow, move the
// smoothing slider, and take the README screenshots in a dark and a light theme.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../tools/host/paths';
import { useWorkbench } from './support/suite';
import { runCommand, screenshot, waitUntil } from './support/workbench';
import { activeWebview, paletteCommand, selectTheme, webviewAttribute } from './support/webviews';

/** metrics.jsonl lines of `steps` steps in `epochs` epochs, in the worker's format. */
function metricsLines(fromStep: number, toStep: number, perEpoch: number, seed: number): string {
  const lines: string[] = [];
  for (let step = fromStep; step <= toStep; step++) {
    const hash = Math.sin(step * 12.9898 + seed * 78.233) * 43758.5453;
    const noise = (hash - Math.floor(hash) - 0.5) * 0.12;
    lines.push(JSON.stringify({ kind: 'step', step, loss: 0.7 * Math.exp(-step / (80 + seed * 20)) + 0.08 + noise, accuracy: Math.min(1, 0.5 + 0.45 * (1 - Math.exp(-step / (60 + seed * 15))) + noise / 2) }));
    if (step % perEpoch === 0) {
      const epoch = step / perEpoch;
      lines.push(JSON.stringify({ kind: 'epoch', epoch, step, trainLoss: 0.7 * Math.exp(-epoch / 3) + 0.1, trainAccuracy: 0.95 - 0.4 * Math.exp(-epoch / 3), validationLoss: 0.7 * Math.exp(-epoch / 4) + 0.15 + seed * 0.02, validationAccuracy: 0.9 - 0.4 * Math.exp(-epoch / 4) - seed * 0.02, learningRate: 0.001 }));
    }
  }
  return lines.map((l) => l + '\n').join('');
}

type Figures = { frames: number; correct: number; frameAccuracy: number; editScore: number; f1At10: number; f1At25: number; f1At50: number; macroF1: number; majorityBaseline: number };

/** One reading of one test video, in the worker's format (accuracies 0–1, edit and F1 0–100). */
function videoFigures(frames: number, correct: number, segmentScore: number, majority: number): Figures {
  return { frames, correct, frameAccuracy: correct / frames, editScore: segmentScore, f1At10: segmentScore + 4, f1At25: segmentScore, f1At50: segmentScore - 12, macroF1: correct / frames - 0.04, majorityBaseline: majority };
}

const TEMPORAL_MODEL = 'hmm (weight 0.5)';
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** evaluation.json's `temporal` of two held-out videos: frame only flickers (low edit), the HMM reads whole phases. */
function temporalEvaluation() {
  const perVideo = [
    { videoId: 'clip-7', frameOnly: videoFigures(600, 492, 38.5, 0.55), temporal: videoFigures(600, 546, 86.7, 0.55) },
    { videoId: 'clip-9', frameOnly: videoFigures(480, 408, 45.2, 0.6), temporal: videoFigures(480, 451, 91.3, 0.6) },
  ];
  const summary = (reading: 'frameOnly' | 'temporal') => {
    const mean = (key: keyof Figures) => perVideo.reduce((sum, v) => sum + v[reading][key], 0) / perVideo.length;
    const frames = perVideo.reduce((sum, v) => sum + v[reading].frames, 0);
    const correct = perVideo.reduce((sum, v) => sum + v[reading].correct, 0);
    return {
      videos: perVideo.length,
      mean: { frameAccuracy: mean('frameAccuracy'), editScore: mean('editScore'), f1At10: mean('f1At10'), f1At25: mean('f1At25'), f1At50: mean('f1At50'), macroF1: mean('macroF1'), majorityBaseline: mean('majorityBaseline') },
      pooled: { frameAccuracy: correct / frames, editScore: mean('editScore'), f1At10: mean('f1At10'), f1At25: mean('f1At25'), f1At50: mean('f1At50') },
    };
  };
  return { model: TEMPORAL_MODEL, background: ['not-suturing'], perVideo, frameOnly: summary('frameOnly'), temporal: summary('temporal') };
}

function writeRun(runsFolder: string, id: string, options: { steps: number; epochs: number; plannedEpochs: number; seed: number; learningRate: number; hiddenUnits: number; evaluation: boolean }): string {
  const dir = path.join(runsFolder, id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ baseModel: 'mobilenet_v1_0.25_224', epochs: options.plannedEpochs, learningRate: options.learningRate, hiddenUnits: options.hiddenUnits, batchSize: 32, backend: { used: 'wasm', requested: 'auto', diagnosis: [] } }, null, 2));
  fs.writeFileSync(path.join(dir, 'metrics.jsonl'), metricsLines(1, options.steps, options.steps / options.epochs, options.seed));
  if (options.evaluation) {
    const pr = Array.from({ length: 21 }, (_, i) => ({ threshold: 1 - i / 20, recall: i / 20, precision: 1 - 0.35 * (i / 20) ** 2 }));
    fs.writeFileSync(path.join(dir, 'evaluation.json'), JSON.stringify({
      split: 'test', classes: ['not-suturing', 'suturing'], accuracy: 0.875, examples: 80, confusion: [[38, 4], [6, 32]],
      perClass: [{ className: 'not-suturing', precision: 0.864, recall: 0.905, f1: 0.884, support: 42 }, { className: 'suturing', precision: 0.889, recall: 0.842, f1: 0.865, support: 38 }],
      macroF1: 0.874, prCurves: { 'not-suturing': pr.map((p) => ({ ...p, precision: Math.min(1, p.precision + 0.03) })), suturing: pr },
      temporal: temporalEvaluation(), predictions: [],
    }, null, 2));
  }
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ status: options.evaluation ? 'completed' : 'running', started: '2026-01-01T10:00:00Z' }));
  return dir;
}

describe('Training dashboard in the workbench (e2e)', () => {
  const workbench = useWorkbench();

  it('plots the runs, follows a growing run, and redraws when the smoothing slider moves', async function () {
    this.timeout(180_000);
    const { page, workspacePath } = workbench();
    const runs = path.join(workspacePath, 'runs');
    writeRun(runs, '20260101-100000-lr-0.001', { steps: 400, epochs: 10, plannedEpochs: 10, seed: 0, learningRate: 0.001, hiddenUnits: 64, evaluation: true });
    const growing = writeRun(runs, '20260101-120000-lr-0.01', { steps: 200, epochs: 5, plannedEpochs: 10, seed: 1, learningRate: 0.01, hiddenUnits: 128, evaluation: false });

    await runCommand(page, 'Surgery Classifier: Show Training Dashboard');
    const frame = activeWebview(page);
    const points = () => webviewAttribute(frame, '#chart-step-loss', 'data-points').then((v) => Number(v ?? 0));
    await waitUntil('the step-loss chart drawn with both runs', async () => ((await points()) === 600 ? true : undefined), 60_000);
    assert.equal(await frame.locator('#chart-step-loss canvas').count(), 1, 'uPlot drew on a canvas');
    assert.equal(await frame.locator('#runs input[type="checkbox"]').count(), 2);

    // The run grows (as the worker appends to metrics.jsonl): the dashboard follows within about a second.
    fs.appendFileSync(path.join(growing, 'metrics.jsonl'), metricsLines(201, 320, 40, 1));
    await waitUntil('more plotted points', async () => ((await points()) === 720 ? true : undefined), 30_000);

    const before = await webviewAttribute(frame, '#chart-step-loss', 'data-checksum');
    await frame.locator('#smoothing').fill('0.95');
    const after = await waitUntil('a redrawn curve', async () => {
      const value = await webviewAttribute(frame, '#chart-step-loss', 'data-checksum');
      return value && value !== before ? value : undefined;
    });
    assert.notEqual(after, before);
    assert.equal(await frame.locator('#smoothing-value').innerText(), '0.950');
    await frame.locator('#smoothing').fill('0.6');

    // After training: the confusion matrix and per-class table of the evaluated run.
    assert.match(await frame.locator('#confusion').innerText(), /38[\s\S]*4[\s\S]*6[\s\S]*32/);
    assert.match(await frame.locator('#per-class').innerText(), /suturing\s+0\.889\s+0\.842\s+0\.865\s+38/);
    assert.equal(await frame.locator('#chart-pr canvas').count(), 1);

    // Under it: the test videos read frame only and by the run's temporal model, mean and per video.
    const temporal = temporalEvaluation();
    assert.equal(await frame.locator('#temporal-heading').innerText(), `Test videos: frame only vs ${TEMPORAL_MODEL}`);
    assert.match(await frame.locator('#temporal-note').innerText(), /^Mean over 2 test videos,/);
    assert.match(await frame.locator('#runs').innerText(), new RegExp(`Temporal model\\s+${escapeRegExp(TEMPORAL_MODEL)}\\s+—`));
    const cell = (video: string, reading: 'frameOnly' | 'temporal', metric: string) => frame.locator(`#temporal-comparison tbody[data-video="${video}"] tr[data-reading="${reading}"] td[data-metric="${metric}"]`).innerText();
    const shown = async (video: string, reading: 'frameOnly' | 'temporal') => [await cell(video, reading, 'frameAccuracy'), await cell(video, reading, 'majorityBaseline'), await cell(video, reading, 'editScore'), await cell(video, reading, 'f1At10'), await cell(video, reading, 'f1At25'), await cell(video, reading, 'f1At50'), await cell(video, reading, 'macroF1')];
    const expected = (f: Omit<Figures, 'frames' | 'correct'>) => [`${(f.frameAccuracy * 100).toFixed(1)} %`, `${(f.majorityBaseline * 100).toFixed(1)} %`, f.editScore.toFixed(1), f.f1At10.toFixed(1), f.f1At25.toFixed(1), f.f1At50.toFixed(1), f.macroF1.toFixed(3)];
    for (const reading of ['frameOnly', 'temporal'] as const) {
      assert.deepEqual(await shown('mean', reading), expected(temporal[reading].mean), `mean, ${reading}`);
      for (const video of temporal.perVideo) assert.deepEqual(await shown(video.videoId, reading), expected(video[reading]), `${video.videoId}, ${reading}`);
    }
    assert.equal(await frame.locator('#temporal-comparison tbody').count(), 1 + temporal.perVideo.length, 'the mean and a row group per video');
    assert.match(await frame.locator('#temporal-comparison tbody[data-video="mean"]').innerText(), new RegExp(`Mean over 2 test videos\\s+frame only[\\s\\S]+${escapeRegExp(TEMPORAL_MODEL)}`));
  });

  it('redraws in the theme colours: dark and light screenshots', async function () {
    this.timeout(90_000);
    const { page } = workbench();
    const frame = activeWebview(page);
    for (const [theme, bodyClass, file] of [['Dark Modern', 'vscode-dark', 'dashboard-dark.png'], ['Light Modern', 'vscode-light', 'dashboard-light.png']] as const) {
      await selectTheme(page, theme);
      await waitUntil(`the ${theme} theme inside the webview`, async () => ((await webviewAttribute(frame, 'body', 'class'))?.includes(bodyClass) ? true : undefined));
      await waitUntil('the charts redrawn', async () => (Number(await webviewAttribute(frame, '#chart-step-loss', 'data-points')) === 720 ? true : undefined));
      await page.keyboard.press('Escape');
      await screenshot(page, path.join(repoRoot, 'media', 'screenshots', file));
      if (bodyClass === 'vscode-dark') {
        // The evaluation of the finished run: confusion heat map, per-class table, precision-recall curves.
        await frame.locator('#temporal-comparison').scrollIntoViewIfNeeded();
        await screenshot(page, path.join(repoRoot, 'media', 'screenshots', 'dashboard-evaluation-dark.png'));
        await frame.locator('#runs').scrollIntoViewIfNeeded();
      }
    }
  });

  it('comes back after a window reload with its runs and smoothing (webview panel serializer)', async function () {
    this.timeout(120_000);
    const { page } = workbench();
    let frame = activeWebview(page);
    await frame.locator('#smoothing').fill('0.85');
    await waitUntil('the state saved', async () => ((await frame.locator('#smoothing-value').innerText()) === '0.850' ? true : undefined));
    await frame.locator('#runs input[data-run="20260101-120000-lr-0.01"]').uncheck();
    await waitUntil('one run left on the chart', async () => (Number(await webviewAttribute(frame, '#chart-step-loss', 'data-points')) === 400 ? true : undefined));
    // Developer: Reload Window, as a person would (it saves the workbench state, page.reload() may not).
    await paletteCommand(page, 'Developer: Reload Window');
    frame = activeWebview(page);
    await waitUntil('the restored dashboard', async () => (Number(await webviewAttribute(frame, '#chart-step-loss', 'data-points')) === 400 ? true : undefined), 90_000);
    assert.equal(await frame.locator('#smoothing-value').innerText(), '0.850');
    assert.equal(await frame.locator('#runs input[data-run="20260101-120000-lr-0.01"]').isChecked(), false);
  });

  it('10k points per curve: a new long run appears, and the slider redraws it quickly', async function () {
    this.timeout(90_000);
    const { page, workspacePath } = workbench();
    const frame = activeWebview(page);
    writeRun(path.join(workspacePath, 'runs'), '20260101-130000-long', { steps: 10_000, epochs: 50, plannedEpochs: 50, seed: 2, learningRate: 0.0005, hiddenUnits: 64, evaluation: false });
    // The hidden run stays hidden: 400 + 10 000 points.
    await waitUntil('the long run plotted', async () => (Number(await webviewAttribute(frame, '#chart-step-loss', 'data-points')) === 10_400 ? true : undefined), 30_000);
    const times: number[] = [];
    for (const value of ['0.3', '0.9', '0.99']) {
      const before = await webviewAttribute(frame, '#chart-step-loss', 'data-checksum');
      const started = Date.now();
      await frame.locator('#smoothing').fill(value);
      await waitUntil('the redrawn curves', async () => ((await webviewAttribute(frame, '#chart-step-loss', 'data-checksum')) !== before ? true : undefined));
      times.push(Date.now() - started);
    }
    console.log(`      smoothing redraw with 10 400 points per step chart (4 charts): ${times.join(', ')} ms`);
    assert.ok(Math.max(...times) < 1500, `redraws took ${times.join(', ')} ms`);
  });
});
