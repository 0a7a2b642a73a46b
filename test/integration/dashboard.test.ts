import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { makeTrainingDataset, sharedModel } from './support/trainingDataset';
import { waitFor, workspaceFile } from './support/wait';

interface DashboardSnapshot {
  runsFolder: string;
  panels: number;
  ready: boolean;
  messagesPosted: number;
  state: { runsFolder: string; hiddenRuns: string[]; smoothing: number };
  runs: Array<{ id: string; status: string; steps: number; epochs: number; evaluation: boolean; insights?: { images: number; distributions: number }; temporal?: { model: string; videos: number; perVideo: string[] } }>;
}

/** One reading of one test video, in the worker's format (accuracies 0–1, edit and F1 0–100). */
function videoFigures(frames: number, correct: number, segmentScore: number) {
  return { frames, correct, frameAccuracy: correct / frames, editScore: segmentScore, f1At10: segmentScore, f1At25: segmentScore * 0.9, f1At50: segmentScore * 0.7, macroF1: correct / frames - 0.05, majorityBaseline: 0.5 };
}

/** evaluation.json's `temporal`: frame-only and temporal figures of each test video, and their means. */
function temporalEvaluation(model: string, videoIds: readonly string[]) {
  const perVideo = videoIds.map((videoId, i) => ({ videoId, frameOnly: videoFigures(20, 15 + i, 50 + i), temporal: videoFigures(20, 18 - i, 90 - i) }));
  const summary = (reading: 'frameOnly' | 'temporal') => {
    const mean = (key: keyof ReturnType<typeof videoFigures>) => perVideo.reduce((sum, v) => sum + v[reading][key], 0) / perVideo.length;
    return {
      videos: perVideo.length,
      mean: { frameAccuracy: mean('frameAccuracy'), editScore: mean('editScore'), f1At10: mean('f1At10'), f1At25: mean('f1At25'), f1At50: mean('f1At50'), macroF1: mean('macroF1'), majorityBaseline: mean('majorityBaseline') },
      pooled: { frameAccuracy: mean('frameAccuracy'), editScore: mean('editScore'), f1At10: mean('f1At10'), f1At25: mean('f1At25'), f1At50: mean('f1At50') },
    };
  };
  return { model, background: ['not-suturing'], perVideo, frameOnly: summary('frameOnly'), temporal: summary('temporal') };
}

/** A run folder in the format the training worker writes (config.json, metrics.jsonl, evaluation.json, run.json). */
function writeRun(runsFolder: string, id: string, steps: number, epochs: number, withEvaluation: boolean, temporal?: unknown): void {
  const dir = path.join(runsFolder, id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ baseModel: '/models/mobilenet_v1_0.25_224', epochs, learningRate: 0.001, hiddenUnits: 64, batchSize: 32, backend: { used: 'wasm', requested: 'wasm', diagnosis: [] } }));
  fs.writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(['not-suturing', 'suturing']));
  const lines: string[] = [];
  const perEpoch = Math.ceil(steps / epochs);
  for (let step = 1; step <= steps; step++) {
    lines.push(JSON.stringify({ kind: 'step', step, loss: Math.exp(-step / 50) + 0.05 * Math.sin(step), accuracy: 1 - Math.exp(-step / 40) * 0.5 }));
    if (step % perEpoch === 0) {
      const epoch = step / perEpoch;
      lines.push(JSON.stringify({ kind: 'epoch', epoch, step, trainLoss: Math.exp(-epoch / 3), trainAccuracy: 1 - 0.5 * Math.exp(-epoch / 3), validationLoss: Math.exp(-epoch / 4), validationAccuracy: 1 - 0.5 * Math.exp(-epoch / 4), learningRate: 0.001 }));
    }
  }
  fs.writeFileSync(path.join(dir, 'metrics.jsonl'), lines.join('\n') + '\n');
  if (withEvaluation) {
    fs.writeFileSync(path.join(dir, 'evaluation.json'), JSON.stringify({
      split: 'test', classes: ['not-suturing', 'suturing'], accuracy: 0.85, examples: 40,
      confusion: [[18, 2], [4, 16]],
      perClass: [{ className: 'not-suturing', precision: 0.818, recall: 0.9, f1: 0.857, support: 20 }, { className: 'suturing', precision: 0.889, recall: 0.8, f1: 0.842, support: 20 }],
      macroF1: 0.85,
      prCurves: { suturing: [{ threshold: 0.9, precision: 1, recall: 0.3 }, { threshold: 0.5, precision: 0.889, recall: 0.8 }, { threshold: 0.1, precision: 0.5, recall: 1 }] },
      ...(temporal === undefined ? {} : { temporal }),
      predictions: [],
    }));
  }
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ status: withEvaluation ? 'completed' : 'running', started: new Date().toISOString() }));
}

describe('Training dashboard in a real VS Code', function () {
  this.timeout(60_000);
  const show = async (arg?: vscode.Uri): Promise<DashboardSnapshot | undefined> => vscode.commands.executeCommand<DashboardSnapshot | undefined>('surgeryClassifier.showDashboard', arg);

  const temporal = temporalEvaluation('hmm (weight 0.5)', ['video-7', 'video-9']);
  const runIds = ['20260101-100000-dashboard-a', '20260101-110000-dashboard-b', '20260101-103000-dashboard-temporal', '20260101-104000-dashboard-bad-temporal'];

  before(() => {
    const runs = workspaceFile('runs').fsPath;
    writeRun(runs, runIds[0], 300, 10, true);
    writeRun(runs, runIds[1], 120, 4, false);
    writeRun(runs, runIds[2], 60, 3, true, temporal);
    // A damaged field (a summary without its figures, a video without its id): the run shows without the table.
    writeRun(runs, runIds[3], 60, 3, true, { ...temporal, frameOnly: { videos: 2, mean: { frameAccuracy: 'high' } } });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one panel on the runs folder; the webview says ready and gets every run', async () => {
    const first = await show();
    assert.ok(first, 'the command returns the dashboard state');
    assert.equal(first.runsFolder, workspaceFile('runs').fsPath);
    const snapshot = await waitFor(show, (s) => !!s?.ready, 'the webview ready handshake');
    assert.ok(snapshot);
    assert.equal(snapshot.panels, 1, 'one dashboard per runs folder, not one per call');
    const a = snapshot.runs.find((r) => r.id === '20260101-100000-dashboard-a');
    const b = snapshot.runs.find((r) => r.id === '20260101-110000-dashboard-b');
    assert.deepEqual(a, { id: '20260101-100000-dashboard-a', status: 'completed', steps: 300, epochs: 10, evaluation: true });
    assert.deepEqual(b, { id: '20260101-110000-dashboard-b', status: 'running', steps: 120, epochs: 4, evaluation: false });
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('surgeryClassifier.dashboard'));
    assert.ok(tab, 'a webview tab of the dashboard is open');
    assert.equal(tab.label, 'Training: runs');
  });

  it('a run whose evaluation has the temporal field shows its test videos, frame only vs its model; damaged or missing fields show none', async () => {
    const snapshot = await waitFor(show, (s) => !!s?.ready, 'the dashboard ready');
    const run = (id: string) => snapshot?.runs.find((r) => r.id === id);
    assert.deepEqual(run(runIds[2])?.temporal, { model: temporal.model, videos: temporal.temporal.videos, perVideo: temporal.perVideo.map((v) => v.videoId) });
    assert.equal(run(runIds[3])?.evaluation, true, 'the rest of a damaged evaluation still shows');
    assert.equal(run(runIds[3])?.temporal, undefined);
    assert.equal(run(runIds[0])?.temporal, undefined, 'a run trained before temporal models');
  });

  it('a new run appended while the panel is open is sent after the batching interval', async () => {
    const before = await show();
    assert.ok(before?.ready);
    const runs = workspaceFile('runs').fsPath;
    writeRun(runs, '20260101-120000-dashboard-c', 50, 2, false);
    // A run folder as argument (what showForRun does during a training): same panel, the run sent after ~1 s.
    const run = vscode.Uri.file(path.join(runs, '20260101-120000-dashboard-c'));
    const again = await show(run);
    assert.equal(again?.panels, 1);
    const updated = await waitFor(
      () => show(vscode.Uri.file(runs)),
      (s) => !!s?.runs.some((r) => r.id === '20260101-120000-dashboard-c' && r.steps === 50),
      'the new run on the open dashboard',
    );
    assert.ok(updated && updated.messagesPosted > before.messagesPosted, 'an update was posted');
    assert.equal(updated?.panels, 1);
  });

  it('closing the panel disposes it; the next call opens a fresh one', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const reopened = await waitFor(show, (s) => !!s?.ready, 'the reopened dashboard');
    assert.equal(reopened?.panels, 1);
    assert.equal(reopened?.runs.length, runIds.length + 1, 'the new run folder is listed');
  });
});

describe('Training dashboard during a real training', function () {
  this.timeout(300_000);
  const show = async (arg?: vscode.Uri): Promise<DashboardSnapshot | undefined> => vscode.commands.executeCommand<DashboardSnapshot | undefined>('surgeryClassifier.showDashboard', arg);
  let dataset: vscode.Uri;

  before(async () => {
    dataset = await makeTrainingDataset('dashboard');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows the running worker: epochs arrive while it trains, the evaluation when it is done', async () => {
    const epochs = 400;
    let finished = false;
    const training = Promise.resolve(
      vscode.commands.executeCommand<{ runDir: string; status: string } | undefined>('surgeryClassifier.trainClassifier', {
        dataset,
        overrides: { baseModel: sharedModel, epochs, backend: 'wasm', patience: 0, logEverySteps: 1 },
      }),
    ).finally(() => (finished = true));
    // What the status bar item does while training: the dashboard of the training's runs folder.
    await waitFor(show, (s) => !!s?.ready, 'the dashboard ready');
    const partial: number[] = [];
    await waitFor(
      async () => {
        const live = (await show())?.runs.find((r) => r.status === 'running' && /^\d{8}-\d{6}-dashboard$/.test(r.id));
        if (live && live.epochs > 0 && live.epochs < epochs && !partial.includes(live.epochs)) partial.push(live.epochs);
        return partial.length;
      },
      (n) => n >= 2 || finished,
      'epochs of the live run arriving on the dashboard',
      240_000,
    );
    assert.ok(partial.length >= 1, 'the dashboard showed the run part-way through its training');
    const result = await training;
    assert.equal(result?.status, 'completed');
    const runId = path.basename(result!.runDir);
    const done = await waitFor(show, (s) => !!s?.runs.some((r) => r.id === runId && r.evaluation && r.epochs === epochs && r.status === 'completed'), 'the finished run with its evaluation');
    assert.equal(done?.panels, 1, 'still one dashboard');
    // What the run logged for TensorBoard, shown too: its image grids and the head's weight distributions.
    const insights = done?.runs.find((r) => r.id === runId)?.insights;
    assert.ok(insights && insights.images >= 1 && insights.distributions >= 1, JSON.stringify(insights));
    // The run's temporal model against frame only on its test video, as the training wrote them.
    const written = JSON.parse(fs.readFileSync(path.join(result!.runDir, 'evaluation.json'), 'utf8')) as { temporal?: { model: string; perVideo: Array<{ videoId: string }> } };
    const model = (JSON.parse(fs.readFileSync(path.join(result!.runDir, 'temporal.json'), 'utf8')) as { name: string }).name;
    assert.equal(written.temporal?.model, model);
    const shown = done?.runs.find((r) => r.id === runId)?.temporal;
    assert.deepEqual(shown, { model, videos: 1, perVideo: written.temporal?.perVideo.map((v) => String(v.videoId)) });
    assert.match(shown?.perVideo[0] ?? '', /^dashboard[012]$/, 'the held-out video');
  });
});
