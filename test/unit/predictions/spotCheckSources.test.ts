import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectImages, describePredictions, runClasses, SpotCheckInputError, testSplitFrames } from '../../../src/core/predictions/spotCheckSources';

/** A moved workspace: config.json still names the old absolute dataset folder. */
function workspace(): { root: string; runDir: string; dataset: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-spot-'));
  const dataset = path.join(root, 'datasets', 'd');
  const runDir = path.join(root, 'runs', 'r1');
  fs.mkdirSync(path.join(dataset, 'test', 'suturing'), { recursive: true });
  fs.mkdirSync(path.join(dataset, 'test', 'not-suturing'), { recursive: true });
  fs.mkdirSync(runDir, { recursive: true });
  const rows = [
    { video: 'videos/5.mp4', videoId: 5, time: 12, class: 'suturing', split: 'test', path: 'test/suturing/5-12.000.jpg', annotation: { index: 0, label: 'suturing', startSeconds: 10, endSeconds: 20 } },
    { video: 'videos/5.mp4', videoId: 5, time: 2, class: 'not-suturing', split: 'test', path: 'test/not-suturing/5-2.000.jpg', annotation: null },
  ];
  for (const row of rows) fs.writeFileSync(path.join(dataset, row.path), 'jpeg bytes');
  fs.writeFileSync(path.join(dataset, 'manifest.jsonl'), rows.map((r) => JSON.stringify(r) + '\n').join(''));
  fs.writeFileSync(path.join(runDir, 'labels.json'), JSON.stringify(['not-suturing', 'suturing']));
  fs.writeFileSync(path.join(runDir, 'config.json'), JSON.stringify({ runsDir: '/elsewhere/runs', dataset: { dir: '/elsewhere/datasets/d' } }));
  fs.writeFileSync(path.join(runDir, 'evaluation.json'), JSON.stringify({
    classes: ['not-suturing', 'suturing'],
    predictions: rows.map((r) => ({ path: r.path, video: r.video, videoId: r.videoId, time: r.time, trueClass: r.class, scores: r.class === 'suturing' ? [0.3, 0.7] : [0.6, 0.4] })),
  }));
  return { root, runDir, dataset };
}

describe('spot check: sources', () => {
  let ws: ReturnType<typeof workspace>;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => fs.rmSync(ws.root, { recursive: true, force: true }));

  it('the test split: the evaluation’s scores and true classes, images found in the moved dataset', async () => {
    const { classes, frames, total } = await testSplitFrames(ws.runDir, 10, 1);
    assert.deepEqual(classes, ['not-suturing', 'suturing']);
    assert.equal(total, 2);
    const frame = frames.find((f) => f.name === 'test/suturing/5-12.000.jpg');
    assert.equal(frame?.image, path.join(ws.dataset, 'test', 'suturing', '5-12.000.jpg'));
    assert.deepEqual(frame?.scores, [0.3, 0.7]);
    assert.equal(frame?.trueClass, 'suturing');
    assert.deepEqual(frame?.frame, { datasetDir: ws.dataset, video: 'videos/5.mp4', videoId: 5, time: 12 });
  });

  it('a deleted frame is an error naming the file, not a broken thumbnail', async () => {
    fs.rmSync(path.join(ws.dataset, 'test', 'suturing', '5-12.000.jpg'));
    const { frames } = await testSplitFrames(ws.runDir, 10, 1);
    const missing = frames.find((f) => f.name === 'test/suturing/5-12.000.jpg');
    assert.equal(missing?.scores, undefined);
    assert.match(missing?.error ?? '', /5-12\.000\.jpg not found: the dataset was moved or deleted/);
  });

  it('bad runs: the message names the file and the way out', async () => {
    fs.rmSync(path.join(ws.runDir, 'evaluation.json'));
    await assert.rejects(testSplitFrames(ws.runDir, 10, 1), (e: Error) => e instanceof SpotCheckInputError && e.message.startsWith(path.join(ws.runDir, 'evaluation.json')) && /explorer instead/.test(e.message));
    fs.writeFileSync(path.join(ws.runDir, 'evaluation.json'), JSON.stringify({ classes: ['a', 'b'], predictions: [] }));
    await assert.rejects(testSplitFrames(ws.runDir, 10, 1), /has no test predictions: the dataset has no test split/);
    fs.writeFileSync(path.join(ws.runDir, 'labels.json'), '{"a":');
    await assert.rejects(runClasses(ws.runDir), /labels\.json is not valid JSON/);
  });

  it('folders are searched for images (not hidden folders), files are kept as given', async () => {
    fs.mkdirSync(path.join(ws.dataset, '.cache'));
    fs.writeFileSync(path.join(ws.dataset, '.cache', 'x.jpg'), '');
    fs.writeFileSync(path.join(ws.dataset, 'test', 'notes.txt'), '');
    const images = await collectImages([path.join(ws.dataset, 'test'), '/somewhere/photo.PNG']);
    assert.deepEqual(images, [path.join(ws.dataset, 'test', 'not-suturing', '5-2.000.jpg'), path.join(ws.dataset, 'test', 'suturing', '5-12.000.jpg'), '/somewhere/photo.PNG']);
  });

  it('worker scores get the true class and video time of the manifest row; foreign images and failures keep what is known', async () => {
    const inDataset = path.join(ws.dataset, 'test', 'suturing', '5-12.000.jpg');
    const foreign = path.join(ws.root, 'photo.png');
    const described = await describePredictions(['not-suturing', 'suturing'], [
      { image: inDataset, scores: { suturing: 0.9, 'not-suturing': 0.1 } },
      { image: foreign, scores: { 'not-suturing': 0.8, suturing: 0.2 } },
      { image: path.join(ws.dataset, 'test', 'not-suturing', '5-2.000.jpg'), error: 'Input buffer contains unsupported image format' },
    ], (image) => path.basename(image));
    assert.deepEqual(described[0], { image: inDataset, name: '5-12.000.jpg', scores: [0.1, 0.9], trueClass: 'suturing', frame: { datasetDir: ws.dataset, video: 'videos/5.mp4', videoId: 5, time: 12 } });
    assert.deepEqual(described[1], { image: foreign, name: 'photo.png', scores: [0.8, 0.2] });
    assert.match(described[2].error ?? '', /5-2\.000\.jpg: Input buffer contains unsupported image format$/);
    assert.equal(described[2].trueClass, 'not-suturing');
  });
});
