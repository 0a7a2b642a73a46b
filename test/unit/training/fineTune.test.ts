import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TRAIN_DEFAULTS } from '../../../src/core/training/trainDefaults';
import type { TrainConfig, TrainResult } from '../../../src/shared/workerProtocol';
import { selectBackend } from '../../../src/worker/backend';
import { fold, planFineTune } from '../../../src/worker/fineTune';
import { BACKBONE_LEARNING_RATE_FACTOR } from '../../../src/worker/fineTuneBase';
import { imageToInput } from '../../../src/worker/images';
import { fileModelReader } from '../../../src/worker/modelFiles';
import { loadSavedClassifier } from '../../../src/worker/savedClassifier';
import { tf } from '../../../src/worker/tfjs';
import { cli, makeDataset, readManifest, sharedModel, sharedModels } from './trainingDataset';

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);

describe('fine-tuning the last MobileNet V1 blocks (real tfjs on wasm, real frames)', function () {
  this.timeout(600_000);
  let dir: string;
  let base: tf.LayersModel;
  let frames: tf.Tensor4D;

  before(async () => {
    assert.equal((await selectBackend('wasm')).used, 'wasm');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-finetune-'));
    const dataset = makeDataset(dir);
    base = await tf.loadLayersModel(fileModelReader(path.join(sharedModel, 'model.json')));
    const rows = readManifest(dataset).filter((_, i) => i % 20 === 0);
    const inputs = await Promise.all(rows.map(async (row) => imageToInput(fs.readFileSync(path.join(dataset, row.path)), 224, [-1, 1])));
    frames = tf.tensor4d(Float32Array.from(inputs.flatMap((input) => Array.from(input))), [inputs.length, 224, 224, 3]);
  });
  after(() => {
    base?.dispose();
    frames?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cuts at the input of the last N blocks and refuses more blocks than the model has', () => {
    assert.deepEqual([planFineTune(base, 1, 'm').cutLayer, planFineTune(base, 1, 'm').cutShape], ['conv_pw_12_relu', [7, 7, 256]]);
    assert.deepEqual([planFineTune(base, 2, 'm').cutLayer, planFineTune(base, 2, 'm').cutShape], ['conv_pw_11_relu', [14, 14, 128]]);
    assert.deepEqual(planFineTune(base, 13, 'm').cutLayer, 'conv1_relu');
    assert.throws(() => planFineTune(base, 14, 'm'), /has 13 MobileNet blocks; fine-tuning 14 needs blocks 0–13 \(missing 0\)/);
  });

  it('the rebuilt blocks (batch norm folded) compute what the base computes, as trained and as exported', () => {
    for (const blocks of [1, 2]) {
      const plan = planFineTune(base, blocks, 'm');
      const cut = tf.model({ inputs: base.inputs, outputs: base.getLayer(plan.cutLayer).output as tf.SymbolicTensor });
      const pooled = tf.model({ inputs: base.inputs, outputs: base.getLayer('global_average_pooling2d_1').output as tf.SymbolicTensor });
      const trainInput = tf.input({ shape: plan.cutShape });
      const trainable = tf.model({ inputs: trainInput, outputs: plan.build(trainInput).output });
      const exportInput = tf.input({ shape: plan.cutShape });
      const exported = tf.model({ inputs: exportInput, outputs: plan.exportStandard(exportInput) });
      assert.ok(exported.layers.some((layer) => layer.getClassName() === 'DepthwiseConv2D'), 'standard layers in the exported blocks');
      const activations = cut.predict(frames) as tf.Tensor;
      const expected = pooled.predict(frames) as tf.Tensor;
      assert.ok(expected.max().dataSync()[0] > 0.1, 'the base gives non-trivial features');
      assert.ok(maxAbsDiff(trainable.predict(activations) as tf.Tensor, expected) < 1e-4, `training blocks, N=${blocks}`);
      assert.ok(maxAbsDiff(exported.predict(activations) as tf.Tensor, expected) < 1e-4, `exported blocks, N=${blocks}`);
    }
  });

  let run: TrainResult;

  it('trains the last two blocks and the head to ≥ 0.95 test accuracy; the blocks moved away from the base', async () => {
    const out = spawnSync(process.execPath, [cli, 'train', 'dataset', '--out', 'runs', '--base-model', sharedModel, '--epochs', '10', '--fine-tune-blocks', '2', '--cache-dir', 'cache', '--backend', 'wasm', '--json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    run = JSON.parse(out.stdout) as TrainResult;
    assert.ok(run.testAccuracy! >= 0.95, `test accuracy ${run.testAccuracy}`);
    assert.equal(run.embeddingsComputed, readManifest(path.join(dir, 'dataset')).length);
    const config = JSON.parse(fs.readFileSync(path.join(run.runDir, 'config.json'), 'utf8')) as TrainConfig;
    assert.equal(config.fineTuneBlocks, 2);
    const { model } = await loadSavedClassifier(run.runDir);
    const trainFrames = readManifest(path.join(dir, 'dataset')).filter((row) => row.split === 'train').length;
    const steps = run.bestEpoch * Math.ceil(trainFrames / TRAIN_DEFAULTS.batchSize);
    // An Adam step moves a weight by at most rate·(1 − β1)/√(1 − β2) ≈ 3.16·rate: the blocks trained at 0.1× the head's rate.
    const bound = steps * TRAIN_DEFAULTS.learningRate * BACKBONE_LEARNING_RATE_FACTOR * 3.17;
    for (const k of [12, 13]) {
      for (const conv of [`conv_dw_${k}`, `conv_pw_${k}`]) {
        const [kernel] = fold(base, conv);
        const [trained] = model.getLayer(`ft_${conv}`).getWeights();
        const moved = maxAbsDiff(trained, kernel.reshape(trained.shape));
        assert.ok(moved > 1e-4 && moved <= bound, `${conv} moved by ${moved} (bound ${bound})`);
        kernel.dispose();
      }
    }
    model.dispose();
  });

  it('the saved model/ takes images and gives the probabilities of the evaluation in one call', async () => {
    const evaluation = JSON.parse(fs.readFileSync(path.join(run.runDir, 'evaluation.json'), 'utf8')) as { predictions: Array<{ path: string; scores: number[] }> };
    const { model, meta } = await loadSavedClassifier(run.runDir);
    const some = evaluation.predictions.filter((_, i) => i % 3 === 0);
    const inputs = await Promise.all(some.map(async (p) => imageToInput(fs.readFileSync(path.join(dir, 'dataset', p.path)), meta.input.size, meta.input.range)));
    const batch = tf.tensor4d(Float32Array.from(inputs.flatMap((input) => Array.from(input))), [inputs.length, 224, 224, 3]);
    const scores = (await (model.predict(batch) as tf.Tensor).array()) as number[][];
    some.forEach((p, i) => p.scores.forEach((score, c) => assert.ok(Math.abs(score - scores[i][c]) < 1e-3, `${p.path}: ${scores[i]} vs ${p.scores}`)));
    batch.dispose();
    model.dispose();
  });

  it('a second run takes every activation from the cache', () => {
    const out = spawnSync(process.execPath, [cli, 'train', 'dataset', '--out', 'runs', '--base-model', sharedModel, '--epochs', '1', '--fine-tune-blocks', '2', '--cache-dir', 'cache', '--backend', 'wasm', '--json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const again = JSON.parse(out.stdout) as TrainResult;
    assert.equal(again.embeddingsComputed, 0);
    assert.equal(again.embeddingsCached, run.embeddingsComputed);
  });

  it('a graph base model cannot be fine-tuned, and the error says so and what to do', () => {
    const graph = path.join(sharedModels, 'mobilenet_v1_0.25_224_tfhub_graph');
    const out = spawnSync(process.execPath, [cli, 'train', 'dataset', '--out', 'runs', '--base-model', graph, '--epochs', '1', '--fine-tune-blocks', '1', '--cache-dir', 'cache', '--backend', 'wasm'], { cwd: dir, encoding: 'utf8' });
    assert.equal(out.status, 1, out.stderr);
    assert.match(out.stderr, /Fine-tuning 1 block\(s\) needs a layers model .* is a graph model, whose weights tfjs cannot train\. Set fine-tune blocks to 0/);
  });
});
