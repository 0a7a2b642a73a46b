import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { editScore } from '../../src/core/metrics/segmentation';
import { makeTrainingDataset, sharedModel } from './support/trainingDataset';
import { ourDiagnostics, waitFor, workspaceFile } from './support/wait';

interface Segment { label: string; start: number; end: number }
interface FieldMetrics { frameAccuracy: number; editScore: number; f1At10: number; f1At25: number; f1At50: number }
interface TimelineTemporal { name: string; labels: string[]; segments: Segment[]; frameAccuracy?: number; metrics?: FieldMetrics }
interface TimelineSnapshot {
  source: { runDir: string; video: string; annotations?: string; videoId?: string };
  panels: number;
  ready: boolean;
  running: boolean;
  messagesPosted: number;
  smoothing: number;
  frames: number;
  classes: string[];
  backend?: string;
  durationSeconds?: number;
  truth?: Segment[];
  evaluation?: { smoothing: number; background: string; segments: Segment[]; frameAccuracy?: number; segmentMetrics?: { precision: number; recall: number; f1: number; matched: number; predicted: number; truth: number; iouThreshold: number }; metrics?: FieldMetrics; temporal?: TimelineTemporal };
  savedFile?: string;
  workerPid?: number;
  error?: string;
}

/** The annotated class of each frame (a frame every `everySeconds` from 0, as Predict Video takes them). */
function truthLabels(truth: readonly Segment[], background: string, frames: number, everySeconds: number): string[] {
  return Array.from({ length: frames }, (_, i) => truth.find((s) => s.start <= i * everySeconds && i * everySeconds < s.end)?.label ?? background);
}

const share = (labels: readonly string[], truth: readonly string[]): number => labels.filter((label, i) => label === truth[i]).length / truth.length;

/** The run's temporal model as training wrote it (temporal.json). */
const temporalFile = (runDir: string): { name: string } => JSON.parse(fs.readFileSync(path.join(runDir, 'temporal.json'), 'utf8')) as { name: string };

/** A copy of a run as runs were before temporal models: everything but temporal.json. */
function runWithoutTemporal(runDir: string): string {
  const copy = `${runDir}-without-temporal`;
  fs.cpSync(runDir, copy, { recursive: true, filter: (source) => path.basename(source) !== 'temporal.json' });
  return copy;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Video timeline in a real VS Code', function () {
  this.timeout(300_000);
  let runDir: string;
  let video: string;
  const annotations = () => workspaceFile('timeline.annotations.json').fsPath;
  const predict = async (request: Record<string, unknown>): Promise<TimelineSnapshot | undefined> => vscode.commands.executeCommand<TimelineSnapshot | undefined>('surgeryClassifier.predictVideo', request);

  before(async () => {
    const dataset = await makeTrainingDataset('timeline');
    const trained = await vscode.commands.executeCommand<{ runDir: string } | undefined>('surgeryClassifier.trainClassifier', { dataset, overrides: { baseModel: sharedModel, epochs: 8, backend: 'wasm', patience: 0 } });
    assert.ok(trained, 'a run to predict with');
    runDir = trained.runDir;
    video = workspaceFile('timeline-videos/timeline2.mp4').fsPath;
    // The worker reads the backend from the settings, like a user's run.
    await vscode.workspace.getConfiguration('surgeryClassifier').update('backend', 'wasm', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('surgeryClassifier').update('backend', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs the classifier over the video in the worker and compares with the annotation entry', async () => {
    const snapshot = await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2', everySeconds: 2, smoothing: 1 });
    assert.ok(snapshot, 'the command returns the panel’s snapshot');
    assert.equal(snapshot.running, false);
    assert.equal(snapshot.frames, 10, '20 s, a frame every 2 s');
    assert.deepEqual([...snapshot.classes].sort(), ['not-suturing', 'suturing']);
    assert.equal(snapshot.backend, 'wasm');
    assert.ok(Math.abs((snapshot.durationSeconds ?? 0) - 20) < 0.5, String(snapshot.durationSeconds));
    assert.deepEqual(snapshot.truth, [{ label: 'suturing', start: 10, end: 20 }]);
    const evaluation = snapshot.evaluation;
    assert.ok(evaluation?.segmentMetrics && evaluation.frameAccuracy !== undefined, 'metrics against the annotations');
    assert.equal(evaluation.background, 'not-suturing');
    assert.ok(evaluation.frameAccuracy >= 0.8, `frame accuracy ${evaluation.frameAccuracy}`);
    assert.equal(evaluation.segmentMetrics.iouThreshold, 0.5);
    assert.ok(evaluation.segments.some((s) => s.label === 'suturing' && s.start >= 8 && s.start <= 12 && s.end === 20), JSON.stringify(evaluation.segments));
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('surgeryClassifier.timeline'));
    assert.equal(tab?.label, 'Timeline: timeline2.mp4');
  });

  it('the run’s temporal model (temporal.json) reads the video beside the frame-only row, with the field’s metrics of both', async () => {
    assert.ok(fs.existsSync(path.join(runDir, 'temporal.json')), 'a run trained by the current code has a temporal model');
    const snapshot = await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2', smoothing: 1 });
    const evaluation = snapshot?.evaluation;
    const temporal = evaluation?.temporal;
    assert.ok(snapshot && evaluation && temporal, 'the temporal row');
    assert.equal(temporal.name, temporalFile(runDir).name);
    assert.equal(temporal.labels.length, snapshot.frames, 'a class for every frame');
    assert.ok(temporal.segments.every((s) => s.label !== evaluation.background && s.start < s.end), JSON.stringify(temporal.segments));
    // The figures against the annotations, recomputed here from the labels the panel holds.
    const truth = truthLabels(snapshot.truth ?? [], evaluation.background, snapshot.frames, 2);
    assert.ok(temporal.metrics && evaluation.metrics, 'field metrics of both rows');
    assert.ok(Math.abs(temporal.metrics.frameAccuracy - share(temporal.labels, truth)) < 1e-9, `temporal frame accuracy ${temporal.metrics.frameAccuracy}`);
    assert.ok(Math.abs(temporal.metrics.editScore - editScore(truth, temporal.labels, { background: [evaluation.background] })) < 1e-9, `edit ${temporal.metrics.editScore}`);
    assert.equal(evaluation.metrics.frameAccuracy, evaluation.frameAccuracy, 'the frame-only row’s accuracy is the one of its cards');
    for (const value of [temporal.metrics, evaluation.metrics].flatMap((m) => [m.editScore, m.f1At10, m.f1At25, m.f1At50])) assert.ok(value >= 0 && value <= 100, String(value));

    // The smoothing slider changes the frame-only row only.
    const smoothed = await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2', smoothing: 7 });
    assert.equal(smoothed?.evaluation?.smoothing, 7);
    assert.deepEqual(smoothed?.evaluation?.temporal, temporal);
    await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2', smoothing: 1 });
  });

  it('the webview says ready and gets the data; asking again shows the same prediction without running the model', async () => {
    const ready = await waitFor(() => predict({ runDir, video, annotations: annotations(), videoId: 'timeline2' }), (s) => !!s?.ready && s.messagesPosted > 0, 'the ready handshake', 45_000);
    assert.ok(ready);
    assert.equal(ready.panels, 1, 'one panel per run and video');
    assert.equal(ready.running, false);
    assert.equal(ready.frames, 10);
  });

  it('smoothing recomputes segments and metrics with the core functions', async () => {
    const smoothed = await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2', smoothing: 5 });
    assert.ok(smoothed?.evaluation);
    assert.equal(smoothed.smoothing, 5);
    assert.equal(smoothed.evaluation.smoothing, 5);
    // A 5-frame average over a clean 10 s / 10 s split leaves one suturing segment.
    assert.ok(smoothed.evaluation.segments.filter((s) => s.label === 'suturing').length <= 1, JSON.stringify(smoothed.evaluation.segments));
  });

  it('Save predicted segments writes an annotation file in our format, opens it, and the validator checks it', async () => {
    const target = workspaceFile('timeline2.predicted.annotations.json').fsPath;
    fs.rmSync(target, { force: true });
    const snapshot = await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2', saveTo: target });
    assert.equal(snapshot?.savedFile, target);
    const saved = JSON.parse(fs.readFileSync(target, 'utf8')) as Array<{ videoId: string; durationSeconds: number; video: string; annotations: Array<{ label: string; startSeconds: number; endSeconds: number }> }>;
    assert.equal(saved.length, 1);
    assert.equal(saved[0].videoId, 'timeline2');
    assert.equal(saved[0].video, 'timeline-videos/timeline2.mp4', 'the video path is relative to the saved file');
    // The run has a temporal model: its row is the proposal that is saved.
    const proposal = snapshot?.evaluation?.temporal?.segments;
    assert.ok(proposal, 'the temporal row');
    assert.deepEqual(saved[0].annotations.map((a) => a.label), proposal.map((s) => s.label));
    // Times as written: to the millisecond, inside the video.
    const written = (t: number) => Math.min(saved[0].durationSeconds, Math.round(t * 1000) / 1000);
    assert.deepEqual(saved[0].annotations.map((a) => [a.startSeconds, a.endSeconds]), proposal.map((s) => [written(s.start), written(s.end)]));
    const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === target), (e) => !!e, 'the saved file in an editor');
    assert.ok(editor);
    // The validator treats it as an annotation file: its lenses appear, and it has no problems.
    const lenses = await waitFor(async () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri), (l) => l.some((x) => /segment/.test(x.command?.title ?? '')), 'the summary lens of the saved file');
    assert.ok(lenses.some((l) => l.command?.command === 'surgeryClassifier.predictVideo'));
    assert.deepEqual(ourDiagnostics(editor.document.uri), []);
  });

  it('a video opened by itself finds its annotation entry in the workspace', async () => {
    const other = workspaceFile('timeline-videos/timeline1.mp4').fsPath;
    const snapshot = await predict({ runDir, video: other, everySeconds: 4 });
    assert.ok(snapshot);
    assert.equal(snapshot.source.annotations, annotations());
    assert.equal(snapshot.source.videoId, 'timeline1');
    assert.equal(snapshot.frames, 5);
    assert.ok(snapshot.evaluation?.segmentMetrics, 'metrics, since the entry was found');
  });

  it('a video no annotation file refers to is shown without ground truth or metrics', async () => {
    const loose = workspaceFile('loose-videos/unannotated.mp4').fsPath;
    fs.mkdirSync(path.dirname(loose), { recursive: true });
    fs.copyFileSync(video, loose);
    const snapshot = await predict({ runDir, video: loose, everySeconds: 4 });
    assert.ok(snapshot);
    assert.equal(snapshot.source.annotations, undefined);
    assert.equal(snapshot.truth, undefined);
    assert.equal(snapshot.frames, 5);
    assert.ok(snapshot.evaluation, 'segments are still computed');
    assert.equal(snapshot.evaluation.frameAccuracy, undefined);
    assert.equal(snapshot.evaluation.segmentMetrics, undefined);
    assert.equal(snapshot.evaluation.metrics, undefined);
    assert.ok(snapshot.evaluation.temporal, 'the temporal row is drawn without annotations too');
    assert.equal(snapshot.evaluation.temporal.metrics, undefined);
  });

  it('a run trained before temporal models (no temporal.json) shows the frame-only row as before', async () => {
    const withTemporal = await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2', smoothing: 1 });
    const snapshot = await predict({ runDir: runWithoutTemporal(runDir), video, annotations: annotations(), videoId: 'timeline2', everySeconds: 2, smoothing: 1 });
    assert.ok(snapshot?.evaluation && withTemporal?.evaluation, 'segments are computed');
    assert.equal(snapshot.evaluation.temporal, undefined);
    assert.equal(snapshot.evaluation.background, 'not-suturing');
    assert.ok(snapshot.evaluation.segmentMetrics && snapshot.evaluation.metrics, 'frame-only metrics against the annotations');
    // The same classifier on the same frames: the frame-only row is the one the run with a temporal model shows.
    const frameOnly = ({ segments, frameAccuracy, segmentMetrics, metrics }: NonNullable<TimelineSnapshot['evaluation']>) => ({ segments, frameAccuracy, segmentMetrics, metrics });
    assert.deepEqual(frameOnly(snapshot.evaluation), frameOnly(withTemporal.evaluation));
  });

  it('the setting prediction.temporalModel picks the second row: frame only draws none, smoothing the run\'s best window', async () => {
    const config = vscode.workspace.getConfiguration('surgeryClassifier.prediction');
    const copyOfRun = (name: string) => {
      const copy = `${runDir}-${name}`;
      fs.cpSync(runDir, copy, { recursive: true });
      return copy;
    };
    try {
      await config.update('temporalModel', 'frame', vscode.ConfigurationTarget.Workspace);
      const frame = await predict({ runDir: copyOfRun('setting-frame'), video, annotations: annotations(), videoId: 'timeline2', everySeconds: 2, smoothing: 1 });
      assert.ok(frame?.evaluation, 'segments are computed');
      assert.equal(frame.evaluation.temporal, undefined);
      await config.update('temporalModel', 'smoothing', vscode.ConfigurationTarget.Workspace);
      const smoothing = await predict({ runDir: copyOfRun('setting-smoothing'), video, annotations: annotations(), videoId: 'timeline2', everySeconds: 2, smoothing: 1 });
      assert.match(smoothing?.evaluation?.temporal?.name ?? '', /^smoothing [\d.]+ s$/);
    } finally {
      await config.update('temporalModel', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('each video entry has a Predict Video lens carrying the file and its videoId', async () => {
    const document = await vscode.workspace.openTextDocument(annotations());
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const predictLenses = lenses.filter((l) => l.command?.command === 'surgeryClassifier.predictVideo');
    assert.deepEqual(predictLenses.map((l) => l.command?.title), ['$(play-circle) Predict Video', '$(play-circle) Predict Video', '$(play-circle) Predict Video']);
    assert.deepEqual(predictLenses.map((l) => l.command?.arguments?.[0]), [0, 1, 2].map((v) => ({ video: workspaceFile(`timeline-videos/timeline${v}.mp4`).fsPath, annotations: document.uri.fsPath, videoId: `timeline${v}` })));
  });

  it('the ground truth follows edits of the annotation file', async () => {
    const document = await vscode.workspace.openTextDocument(annotations());
    const entry = document.getText().indexOf('"timeline2"');
    const start = document.getText().indexOf('"startSeconds": 10', entry) + '"startSeconds": '.length;
    const edit = (text: string) => {
      const e = new vscode.WorkspaceEdit();
      e.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(start + 2)), text);
      return vscode.workspace.applyEdit(e);
    };
    const request = { runDir, video, annotations: annotations(), videoId: 'timeline2' };
    await edit('12');
    try {
      const snapshot = await waitFor(() => predict(request), (s) => s?.truth?.[0]?.start === 12, 'the edited segment', 10_000);
      assert.deepEqual(snapshot?.truth, [{ label: 'suturing', start: 12, end: 20 }]);
    } finally {
      await edit('10');
    }
    await waitFor(() => predict(request), (s) => s?.truth?.[0]?.start === 10, 'the segment back', 10_000);
  });

  it('closing the panel while it predicts ends the worker process', async () => {
    const request = { runDir, video, annotations: annotations(), videoId: 'timeline2' };
    // 400 frames: several seconds of work, so a worker still alive 2 s after the close was not ended by it.
    const running = predict({ ...request, rerun: true, everySeconds: 0.05 });
    const during = await waitFor(() => predict(request), (s) => !!s?.running && !!s.workerPid, 'a running worker', 30_000);
    const pid = during?.workerPid as number;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => isAlive(pid), (alive) => !alive, `worker ${pid} gone`, 2_000);
    assert.equal((await running)?.running, false);
    // The next request opens a fresh panel (the old one was disposed) and predicts again.
    const again = await predict(request);
    assert.equal(again?.frames, 10);
  });

  it('an unreadable video: the panel and the snapshot say which file failed, and the worker is gone', async () => {
    const broken = workspaceFile('timeline-videos/broken.mp4').fsPath;
    fs.writeFileSync(broken, 'this is not a video');
    const snapshot = await predict({ runDir, video: broken });
    assert.ok(snapshot);
    assert.equal(snapshot.frames, 0);
    assert.equal(snapshot.running, false);
    assert.equal(snapshot.workerPid, undefined);
    assert.match(snapshot.error ?? '', /Predict Video failed on timeline-videos\/broken\.mp4: \S/);
  });

  it('a missing video or a run without a classifier opens nothing', async () => {
    const before = (await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2' }))?.panels;
    assert.equal(await predict({ runDir, video: path.join(path.dirname(video), 'nope.mp4') }), undefined);
    const empty = workspaceFile('runs/empty-run').fsPath;
    fs.mkdirSync(empty, { recursive: true });
    assert.equal(await predict({ runDir: empty, video }), undefined);
    assert.equal((await predict({ runDir, video, annotations: annotations(), videoId: 'timeline2' }))?.panels, before);
  });
});

describe('@restricted Video timeline in Restricted Mode', () => {
  it('offers no Predict Video lens and the command runs nothing', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    // The fixture's entry 5 has its video (5.mp4) beside the file: only trust is missing.
    const document = await vscode.workspace.openTextDocument(workspaceFile('example.annotations.json'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.ok(lenses.some((l) => /segment/.test(l.command?.title ?? '')), 'the summary lenses are there');
    assert.equal(lenses.filter((l) => l.command?.command === 'surgeryClassifier.predictVideo').length, 0);
    const result = await vscode.commands.executeCommand('surgeryClassifier.predictVideo', { video: workspaceFile('5.mp4').fsPath, runDir: workspaceFile('runs/any').fsPath });
    assert.equal(result, undefined);
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview).length, 0);
  });
});
