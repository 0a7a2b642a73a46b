import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { makeTrainingDataset, sharedModel } from './support/trainingDataset';
import { waitFor, workspaceFile } from './support/wait';

interface SnapshotItem { id: string; name: string; image: string; scores?: number[]; predicted?: string; confidence?: number; trueClass?: string; correct?: boolean; error?: string; hasFrame: boolean }
interface SpotCheckSnapshot { panels: number; ready: boolean; messagesPosted: number; runDir: string; source: string; sort: string; classes: string[]; summary: { total: number; known: number; wrong: number; failed: number }; items: SnapshotItem[] }
interface OpenResult { image: string; annotation?: { file: string; line: number; kind: 'segment' | 'entry'; detail: string }; note?: string }
interface Evaluation { classes: string[]; predictions: Array<{ path: string; videoId: string; time: number; trueClass: string; scores: number[] }> }

const COMMAND = 'surgeryClassifier.spotCheck';
const spotCheck = async <T = SpotCheckSnapshot>(arg: unknown): Promise<T | undefined> => vscode.commands.executeCommand<T | undefined>(COMMAND, arg);
const snapshot = () => spotCheck({ snapshot: true });

/** Wrong predictions first, and among them (and among the rest) the most confident first. */
function assertWrongFirst(items: readonly SnapshotItem[]): void {
  const firstRight = items.findIndex((i) => i.correct !== false);
  assert.ok(items.slice(firstRight < 0 ? items.length : firstRight).every((i) => i.correct !== false), 'no mistake after the first right one');
  for (const group of [items.filter((i) => i.correct === false), items.filter((i) => i.correct !== false && !i.error)]) {
    for (let k = 1; k < group.length; k++) assert.ok(group[k - 1].confidence! >= group[k].confidence!, `confidence order at ${group[k].name}`);
  }
}

describe('Spot check in a real VS Code', function () {
  this.timeout(300_000);
  let runDir: string;
  let datasetDir: string;
  let evaluation: Evaluation;

  before(async () => {
    datasetDir = (await makeTrainingDataset('spot')).fsPath;
    const result = await vscode.commands.executeCommand<{ runDir: string }>('surgeryClassifier.trainClassifier', {
      dataset: vscode.Uri.file(datasetDir),
      overrides: { baseModel: sharedModel, epochs: 4, backend: 'wasm', patience: 0, runName: 'spot' },
    });
    assert.ok(result, 'a run was trained');
    runDir = result.runDir;
    evaluation = JSON.parse(fs.readFileSync(path.join(runDir, 'evaluation.json'), 'utf8')) as Evaluation;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('samples N test-split frames with the evaluation’s scores; the webview says ready and gets them, wrong ones first', async () => {
    const first = await spotCheck({ runDir, testSplit: { sampleSize: 8, seed: 7 } });
    assert.ok(first, 'the command returns the grid');
    const shown = await waitFor(snapshot, (s) => !!s?.ready, 'the webview ready handshake');
    assert.ok(shown);
    assert.equal(shown.items.length, 8);
    assert.deepEqual(shown.classes, evaluation.classes);
    assert.match(shown.source, new RegExp(`^8 of ${evaluation.predictions.length} test-split frames`));
    for (const item of shown.items) {
      const truth = evaluation.predictions.find((p) => path.join(datasetDir, p.path) === item.image);
      assert.ok(truth, `${item.name} is a frame of the test split`);
      assert.deepEqual(item.scores, truth.scores);
      assert.equal(item.trueClass, truth.trueClass);
      assert.equal(item.predicted, evaluation.classes[truth.scores[0] >= truth.scores[1] ? 0 : 1]);
      assert.equal(item.correct, item.predicted === truth.trueClass);
      assert.ok(item.hasFrame);
    }
    assertWrongFirst(shown.items);
    assert.equal(shown.summary.wrong, shown.items.filter((i) => i.correct === false).length);
    // The same seed samples the same frames.
    const again = await spotCheck({ runDir, testSplit: { sampleSize: 8, seed: 7 } });
    assert.deepEqual(again?.items.map((i) => i.image).sort(), shown.items.map((i) => i.image).sort());
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('surgeryClassifier.spotCheck'));
    assert.equal(tabs.length, 1, 'one grid per window, reused');
    assert.equal(tabs[0].label, `Spot Check: ${path.basename(runDir)}`);
  });

  it('rescores images in the worker: frames of the dataset get their true class, an unreadable image says so, a foreign image has no class', async () => {
    const frames = evaluation.predictions.slice(0, 3);
    const broken = path.join(datasetDir, 'test', 'broken.jpg');
    fs.writeFileSync(broken, 'not a jpeg');
    const foreign = workspaceFile('spot-foreign.jpg').fsPath;
    fs.copyFileSync(path.join(datasetDir, frames[0].path), foreign);
    const images = [...frames.map((f) => path.join(datasetDir, f.path)), broken, foreign];
    const result = await spotCheck({ runDir, images });
    assert.ok(result);
    assert.equal(result.items.length, 5);
    assert.equal(result.source, '5 images');
    for (const frame of frames) {
      const item: SnapshotItem | undefined = result.items.find((i) => i.image === path.join(datasetDir, frame.path));
      assert.ok(item?.scores, `${frame.path} scored`);
      assert.equal(item.trueClass, frame.trueClass);
      assert.ok(item.hasFrame);
      // The whole saved model on the JPEG agrees with the evaluation (head on cached embeddings).
      item.scores.forEach((s, c) => assert.ok(Math.abs(s - frame.scores[c]) < 0.02, `${frame.path}: ${s} vs ${frame.scores[c]}`));
    }
    const failed = result.items.find((i) => i.image === broken);
    assert.ok(failed?.error?.includes(broken), `the message names the file: ${failed?.error}`);
    assert.equal(result.items.at(-1)?.image, broken, 'failed images come last');
    const other = result.items.find((i) => i.image === foreign);
    assert.ok(other?.scores);
    assert.equal(other.trueClass, undefined);
    assert.equal(other.correct, undefined);
    assert.equal(other.hasFrame, false);
    fs.rmSync(broken);
    fs.rmSync(foreign);
  });

  it('a click on a frame opens the image and selects its segment in the annotation file', async () => {
    const suturing = evaluation.predictions.find((p) => p.trueClass === 'suturing' && p.time > 11 && p.time < 19);
    const background = evaluation.predictions.find((p) => p.trueClass !== 'suturing');
    assert.ok(suturing && background);
    const grid = await spotCheck({ runDir, images: [suturing, background].map((p) => path.join(datasetDir, p.path)) });
    assert.ok(grid);
    const idOf = (p: { path: string }) => grid.items.find((i) => i.image === path.join(datasetDir, p.path))!.id;

    const opened = await spotCheck<OpenResult>({ open: idOf(suturing) });
    assert.ok(opened?.annotation, JSON.stringify(opened));
    assert.equal(opened.annotation.file, workspaceFile('spot.annotations.json').fsPath);
    assert.equal(opened.annotation.kind, 'segment');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, opened.annotation.file);
    const selected = JSON.parse(editor.document.getText(editor.selection)) as { label: string; startSeconds: number; endSeconds: number };
    assert.deepEqual(selected, { label: 'suturing', startSeconds: 10, endSeconds: 20 });
    // Inside the entry of the frame's own video (every entry has the same segment).
    const text = editor.document.getText();
    const at = editor.document.offsetAt(editor.selection.start);
    const entryStart = text.indexOf(`"videoId": "${suturing.videoId}"`);
    const nextEntry = text.indexOf('"videoId"', entryStart + 1);
    assert.ok(entryStart >= 0 && at > entryStart && (nextEntry < 0 || at < nextEntry), `selection at ${at}, entry of ${suturing.videoId} at ${entryStart}`);
    const imageTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => (t.input as { uri?: vscode.Uri } | undefined)?.uri?.fsPath === path.join(datasetDir, suturing.path));
    assert.ok(imageTab, 'the image is open in a tab');

    const outside = await spotCheck<OpenResult>({ open: idOf(background) });
    assert.equal(outside?.annotation?.kind, 'entry');
    assert.match(outside?.annotation?.detail ?? '', /is in no segment/);
  });

  it('when the annotation file of the dataset is unknown, a click opens the image only and says why', async () => {
    const datasetJson = path.join(datasetDir, 'dataset.json');
    const original = fs.readFileSync(datasetJson, 'utf8');
    const frame = evaluation.predictions[0];
    try {
      fs.writeFileSync(datasetJson, JSON.stringify({ ...JSON.parse(original), annotations: { file: 'gone.annotations.json', sha256: '0' } }));
      const grid = await spotCheck({ runDir, images: [path.join(datasetDir, frame.path)] });
      assert.ok(grid);
      const opened = await spotCheck<OpenResult>({ open: grid.items[0].id });
      assert.equal(opened?.annotation, undefined);
      assert.match(opened?.note ?? '', /The annotation file gone\.annotations\.json that .* was extracted from is not in this workspace: showing the image only/);
      const imageTab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.equal((imageTab?.input as { uri?: vscode.Uri } | undefined)?.uri?.fsPath, path.join(datasetDir, frame.path), 'the image is the active tab');
    } finally {
      fs.writeFileSync(datasetJson, original);
    }
  });

  it('re-sorts by confidence on request, and posts nothing once the panel is closed', async () => {
    const before = await waitFor(snapshot, (s) => !!s?.ready, 'the grid');
    assert.ok(before);
    const sorted = await spotCheck({ sort: 'confidence-asc' });
    assert.ok(sorted);
    assert.equal(sorted.sort, 'confidence-asc');
    assert.equal(sorted.messagesPosted, before.messagesPosted + 1);
    const confidences = sorted.items.filter((i) => !i.error).map((i) => i.confidence!);
    assert.deepEqual(confidences, [...confidences].sort((a, b) => a - b));

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(snapshot, (s) => s === undefined, 'the panel disposed');
    assert.equal(await spotCheck({ sort: 'wrong-first' }), undefined, 'nothing to sort, nothing posted');
  });

  it('bad input: a folder that is not a run gives no grid', async () => {
    const notRun = workspaceFile('spot-videos').fsPath;
    assert.equal(await spotCheck({ runDir: notRun, testSplit: {} }), undefined);
    assert.equal(await snapshot(), undefined);
  });
});

describe('@restricted Spot check in Restricted Mode', () => {
  it('refuses to start a worker', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(await spotCheck({ runDir: workspaceFile('runs').fsPath, testSplit: {} }), undefined);
    assert.equal(await snapshot(), undefined);
  });
});
