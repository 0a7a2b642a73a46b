import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import type { ManifestRow } from '../../../src/core/frames/manifest';
import { TrainingLogWriter } from '../../../src/core/tensorboard/trainingLogWriter';
import { TRAIN_DEFAULTS } from '../../../src/core/training/trainDefaults';
import { mulberry32 } from '../../../src/core/util/seededRandom';
import type { TrainConfig } from '../../../src/shared/workerProtocol';
import { selectBackend } from '../../../src/worker/backend';
import type { SplitTensors } from '../../../src/worker/datasetTensors';
import { makeSprite, MAX_PROJECTOR_POINTS, projectorSample } from '../../../src/worker/projectorExport';
import { MAX_MISCLASSIFIED } from '../../../src/worker/richImages';
import { RichLogs } from '../../../src/worker/richLogs';
import { tf } from '../../../src/worker/tfjs';
import { readEventFile } from './support/independentReader';

/** What the README states: the logs of a run with 10 000 test frames stay under this. */
const MAX_LOG_BYTES = 30e6;
const MAX_SECONDS = 120;
const CLASSES = ['preparation', 'dissection', 'suturing', 'closing'];

async function makeFrames(dir: string, count: number): Promise<string[]> {
  // Real-looking JPEGs (noise over a gradient, 214×160 like extracted frames), a few reused for many rows.
  const random = mulberry32(3);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const pixels = Buffer.alloc(214 * 160 * 3);
    for (let p = 0; p < pixels.length; p++) pixels[p] = ((p % 642) / 3 + i * 40 + random() * 60) & 0xff;
    const name = `frames/f${i}.jpg`;
    await sharp(pixels, { raw: { width: 214, height: 160, channels: 3 } }).jpeg({ quality: 85 }).toFile(path.join(dir, name));
    names.push(name);
  }
  return names;
}

function split(name: string, n: number, frames: readonly string[], dims: number, seed: number): SplitTensors {
  const random = mulberry32(seed);
  const rows: ManifestRow[] = Array.from({ length: n }, (_, i) => ({ video: `videos/v${i % 40}.mp4`, videoId: `v${i % 40}`, time: Math.floor(i / 40), class: CLASSES[i % CLASSES.length], split: name, path: frames[i % frames.length], annotation: null }) as ManifestRow);
  const x = tf.tensor2d(Float32Array.from({ length: n * dims }, () => random() * 2), [n, dims]);
  const y = tf.oneHot(tf.tensor1d(rows.map((r) => CLASSES.indexOf(r.class)), 'int32'), CLASSES.length).toFloat() as tf.Tensor2D;
  return { rows, augmented: rows.map(() => false), x, y };
}

function headModel(dims: number): tf.LayersModel {
  const input = tf.input({ shape: [dims] });
  const hidden = tf.layers.dense({ units: 64, activation: 'relu', name: 'head_hidden' }).apply(input) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: CLASSES.length, activation: 'softmax', name: 'head_softmax' }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

async function sizeOf(entry: string): Promise<number> {
  const stat = await fs.promises.stat(entry).catch(() => undefined);
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const name of await fs.promises.readdir(entry)) total += await sizeOf(path.join(entry, name));
  return total;
}

describe('tensorboard: the extra logs of a run (RichLogs, real tfjs and sharp)', function () {
  this.timeout(300_000);
  let dir: string;
  let frames: string[];
  before(async () => {
    assert.equal((await selectBackend('wasm')).used, 'wasm');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-richlogs-'));
    fs.mkdirSync(path.join(dir, 'dataset', 'frames'), { recursive: true });
    frames = await makeFrames(path.join(dir, 'dataset'), 60);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const config = (runsDir: string): TrainConfig => ({ ...TRAIN_DEFAULTS, datasetDir: path.join(dir, 'dataset'), runsDir, modelCacheDir: '', embeddingCacheDir: '' });

  it(`10 000 test frames: logs under ${MAX_LOG_BYTES / 1e6} MB in bounded time (≤ ${MAX_PROJECTOR_POINTS} projector points, ≤ ${MAX_MISCLASSIFIED} misclassified frames)`, async () => {
    const runDir = path.join(dir, 'runs', 'big');
    fs.mkdirSync(runDir, { recursive: true });
    const dims = 256;
    const train = split('train', 4000, frames, dims, 1);
    const validation = split('validation', 2000, frames, dims, 2);
    const test = split('test', 10_000, frames, dims, 3);
    const model = headModel(dims);
    // evaluation.json as runTraining writes it: 10 000 predictions, about a third of them wrong.
    const random = mulberry32(9);
    const predictions = test.rows.map((row) => {
      const truth = CLASSES.indexOf(row.class);
      const scores = CLASSES.map(() => random());
      if (random() < 0.65) scores[truth] += 2;
      const sum = scores.reduce((a, b) => a + b, 0);
      return { path: row.path, video: row.video, videoId: row.videoId, time: row.time, trueClass: row.class, scores: scores.map((s) => s / sum) };
    });
    fs.writeFileSync(path.join(runDir, 'evaluation.json'), JSON.stringify({ split: 'test', classes: CLASSES, accuracy: 0.7, macroF1: 0.69, temporal: { temporal: { mean: { frameAccuracy: 0.8, editScore: 71.5, f1At10: 80, f1At25: 75, f1At50: 60 } } }, predictions }));

    const warnings: string[] = [];
    const logs = await TrainingLogWriter.create(runDir);
    const started = performance.now();
    const rich = await RichLogs.start({ runDir, config: config(path.dirname(runDir)), classes: CLASSES, backendUsed: 'wasm', train, validation, test, logs, fineTuned: false, log: (level, message) => level === 'warn' && warnings.push(message) });
    for (let epoch = 1; epoch <= 3; epoch++) {
      await rich.epoch({ epoch, step: epoch * 125, trainLoss: 1, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.5, learningRate: 0.001 }, { model, head: model }, validation);
    }
    await logs.close();
    await rich.finish({ model, status: 'completed', bestEpoch: 2, bestValidationAccuracy: 0.5 });
    const seconds = (performance.now() - started) / 1000;
    tf.dispose([train.x, train.y, validation.x, validation.y, test.x, test.y]);
    model.dispose();

    assert.deepEqual(warnings, []);
    const bytes = (await sizeOf(path.join(runDir, 'logs'))) + (await sizeOf(path.join(runDir, 'images'))) + (await sizeOf(path.join(runDir, 'distributions.jsonl')));
    const part = async (...names: string[]) => ((await sizeOf(path.join(runDir, ...names))) / 1e6).toFixed(1);
    console.log(`      10 000 test frames + 2 000 validation, 256-d embeddings, 4 classes: ${(bytes / 1e6).toFixed(1)} MB of logs in ${seconds.toFixed(1)} s`);
    console.log(`      projector tensor ${await part('logs', 'projector', 'tensor.tsv')} MB, sprite ${await part('logs', 'projector', 'sprite.jpg')} MB, metadata ${await part('logs', 'projector', 'metadata.tsv')} MB; images/ ${await part('images')} MB; event files: run ${await part('logs')} MB in all with the projector, test ${await part('logs', 'test')} MB, validation ${await part('logs', 'validation')} MB, train ${await part('logs', 'train')} MB`);
    assert.ok(bytes < MAX_LOG_BYTES, `${bytes} bytes`);
    assert.ok(seconds < MAX_SECONDS, `${seconds} s`);

    const metadata = fs.readFileSync(path.join(runDir, 'logs', 'projector', 'metadata.tsv'), 'utf8').trim().split('\n');
    assert.equal(metadata.length, MAX_PROJECTOR_POINTS + 1, 'a header and the sampled points');
    assert.deepEqual(metadata[0].split('\t'), ['class', 'split', 'video', 'time', 'predicted class', 'correct']);
    assert.ok(metadata.some((line) => line.includes('\tvalidation\t')) && metadata.some((line) => line.includes('\ttest\t')));
    const sprite = await sharp(path.join(runDir, 'logs', 'projector', 'sprite.jpg')).metadata();
    assert.ok(sprite.width! <= 8192 && sprite.height! <= 8192, `${sprite.width}×${sprite.height}`);
    const images = JSON.parse(fs.readFileSync(path.join(runDir, 'images', 'images.json'), 'utf8')).images as Array<{ kind: string; caption: string }>;
    const shown = images.filter((i) => i.kind === 'misclassified').reduce((n, i) => n + Number(/^(\d+) of/.exec(i.caption)![1]), 0);
    assert.equal(shown, MAX_MISCLASSIFIED);
    assert.equal(images.filter((i) => i.kind === 'samples').length, CLASSES.length);
    const [testEvents] = fs.readdirSync(path.join(runDir, 'logs', 'test'));
    const tags = (await readEventFile(path.join(runDir, 'logs', 'test', testEvents))).flatMap((e) => e.values.map((v) => v.tag));
    assert.ok(tags.includes('pr_curve/suturing') && tags.some((t) => t.startsWith('misclassified/')), tags.join(', '));
  });

  it('the sprite is kept in the cache folder and made again when a frame changes', async () => {
    const cacheDir = path.join(dir, 'cache', 'sprites');
    const rows = (n: number) => ({ rows: Array.from({ length: n }, (_, i) => ({ path: frames[i % frames.length] }) as ManifestRow) });
    const sample = projectorSample([{ name: 'validation', tensors: rows(30) }, { name: 'test', tensors: rows(50) }], 42);
    assert.equal(sample.points.length, 80);
    assert.deepEqual(sample.points.slice(29, 31).map((p) => p.split), ['validation', 'test'], 'split order kept');
    const first = await makeSprite(sample, path.join(dir, 'dataset'), cacheDir);
    const second = await makeSprite(sample, path.join(dir, 'dataset'), cacheDir);
    assert.deepEqual([first.cached, second.cached], [false, true]);
    assert.deepEqual(second.jpeg, first.jpeg);
    assert.deepEqual([first.layout.columns, first.layout.thumbnail], [9, 64]);
    const { width, height } = await sharp(first.jpeg).metadata();
    assert.deepEqual([width, height], [9 * 64, 9 * 64]);
    const touched = path.join(dir, 'dataset', frames[0]);
    fs.utimesSync(touched, new Date(), new Date(Date.now() + 5000));
    assert.equal((await makeSprite(sample, path.join(dir, 'dataset'), cacheDir)).cached, false);
  });

  it('a part that fails is one warning line, never an exception, and the rest is still written', async () => {
    const runDir = path.join(dir, 'runs', 'broken');
    fs.mkdirSync(runDir, { recursive: true });
    const train = split('train', 40, ['frames/missing.jpg'], 8, 4);
    const test = split('test', 20, frames, 8, 5);
    const model = headModel(8);
    fs.writeFileSync(path.join(runDir, 'evaluation.json'), '{ not json');
    const logs = await TrainingLogWriter.create(runDir);
    // evaluation.json cannot be parsed, the sample frames cannot be read, a file stands where logs/test would go.
    fs.writeFileSync(path.join(runDir, 'logs', 'test'), 'in the way');
    const warnings: string[] = [];
    const rich = await RichLogs.start({ runDir, config: config(path.dirname(runDir)), classes: CLASSES, backendUsed: 'wasm', train, validation: undefined, test, logs, fineTuned: false, log: (level, message) => level === 'warn' && warnings.push(message) });
    await rich.epoch({ epoch: 1, step: 2, trainLoss: 1, trainAccuracy: 0.5, validationLoss: undefined, validationAccuracy: undefined, learningRate: 0.001 }, { model, head: model }, undefined);
    await logs.close();
    await rich.finish({ model, status: 'cancelled', bestEpoch: 1, bestValidationAccuracy: undefined });
    tf.dispose([train.x, train.y, test.x, test.y]);
    model.dispose();
    assert.ok(warnings.some((w) => /evaluation\.json/.test(w)), warnings.join('\n'));
    assert.ok(warnings.every((w) => /^TensorBoard: /.test(w)), warnings.join('\n'));
    // Unreadable sample frames are grey cells, said in the caption, not a failure.
    const images = JSON.parse(fs.readFileSync(path.join(runDir, 'images', 'images.json'), 'utf8')).images as Array<{ caption: string }>;
    assert.ok(images.every((i) => /unreadable, grey/.test(i.caption)));
    // The session still ends, as a failure (cancelled), and the projector is written from the tensors.
    const [runEvents] = fs.readdirSync(path.join(runDir, 'logs')).filter((name) => name.startsWith('events.out.tfevents.'));
    const tags = (await readEventFile(path.join(runDir, 'logs', runEvents))).flatMap((e) => e.values.map((v) => v.tag));
    assert.ok(tags.includes('_hparams_/session_end_info'), tags.join(', '));
    assert.ok(fs.existsSync(path.join(runDir, 'logs', 'projector_config.pbtxt')));
  });
});
