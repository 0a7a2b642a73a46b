import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveBaseModel } from '../../../src/core/models/resolveBaseModel';
import { readModelArtifacts } from '../../../src/core/models/readModelArtifacts';
import { selectBackend } from '../../../src/worker/backend';
import { foldBatchNorm } from '../../../src/worker/foldedNetwork';
import { tf } from '../../../src/worker/tfjs';

const root = path.resolve(__dirname, '../../../..');
const sharedModel = path.resolve(root, '..', 'shared', 'models', 'mobilenet_v1_0.25_224_tfjs_layers');

const maxDifference = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);

/** Non-trivial statistics, so that a wrong fold (channel order, shift, epsilon) shows. */
function randomiseBatchNorms(model: tf.LayersModel): void {
  tf.tidy(() => {
    for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
      const n = layer.getWeights()[0].shape[0];
      layer.setWeights([tf.randomUniform([n], 0.5, 2, 'float32', 1), tf.randomUniform([n], -1, 1, 'float32', 2), tf.randomUniform([n], -0.5, 0.5, 'float32', 3), tf.randomUniform([n], 0.2, 3, 'float32', 4)]);
    }
  });
}

describe('foldBatchNorm: conv → batch norm → relu6 as one fused conv (real tfjs, wasm)', function () {
  this.timeout(60_000);
  before(async () => assert.equal((await selectBackend('wasm')).used, 'wasm'));

  it('MobileNet V1 0.25 cut at its embedding: the same embeddings within 1e-4, without a batch-norm kernel', async () => {
    assert.ok(fs.existsSync(path.join(sharedModel, 'model.json')), `the test model is missing: ${sharedModel}`);
    const base = await resolveBaseModel(sharedModel, { cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sc-fold-')) });
    const full = await tf.loadLayersModel(tf.io.fromMemory(await readModelArtifacts(base)));
    const truncated = tf.model({ inputs: full.inputs, outputs: full.getLayer('global_average_pooling2d_1').output as tf.SymbolicTensor });
    const folded = foldBatchNorm(truncated);
    assert.ok(folded);
    const images = tf.randomUniform([4, 224, 224, 3], -1, 1, 'float32', 7) as tf.Tensor4D;
    const expected = truncated.predict(images) as tf.Tensor;
    const actual = tf.tidy(() => folded.run(images));
    assert.deepEqual(actual.shape, expected.shape);
    assert.ok(maxDifference(actual, expected) < 1e-4, `max difference ${maxDifference(actual, expected)}`);
    const kernels = (await tf.profile(() => tf.tidy(() => folded.run(images)))).kernels.map((k) => k.name);
    assert.ok(!kernels.includes('FusedBatchNorm') && !kernels.includes('Minimum'), kernels.join(' '));
    tf.dispose([images, expected, actual]);
    folded.dispose();
    full.dispose();
  });

  it('folds a biased conv + ReLU(6), a depthwise conv with multiplier 2 + relu6, and a batch norm without activation', () => {
    const input = tf.input({ shape: [9, 9, 3] });
    let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: true, biasInitializer: 'randomNormal' }).apply(input) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.reLU({ maxValue: 6 }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'valid', useBias: false }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.activation({ activation: 'relu6' }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.conv2d({ filters: 5, kernelSize: 1, useBias: false }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
    x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: x });
    randomiseBatchNorms(model);
    const folded = foldBatchNorm(model);
    assert.ok(folded);
    const images = tf.randomUniform([3, 9, 9, 3], -3, 3, 'float32', 11) as tf.Tensor4D;
    const expected = model.predict(images) as tf.Tensor;
    assert.ok(tf.tidy(() => expected.abs().max().dataSync()[0]) > 0.1, 'a non-trivial output');
    assert.ok(maxDifference(tf.tidy(() => folded.run(images)), expected) < 1e-5);
    folded.dispose();
  });

  it('leaves what it cannot fold: a branching network gives undefined; a conv with its own activation keeps its batch norm', () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 1 }).apply(input) as tf.SymbolicTensor;
    const branched = tf.model({ inputs: input, outputs: tf.layers.add().apply([conv, input]) as tf.SymbolicTensor });
    assert.equal(foldBatchNorm(branched), undefined);

    const activatedConv = tf.layers.conv2d({ filters: 3, kernelSize: 3, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
    const activated = tf.model({ inputs: input, outputs: tf.layers.batchNormalization().apply(activatedConv) as tf.SymbolicTensor });
    randomiseBatchNorms(activated);
    assert.equal(foldBatchNorm(activated), undefined, 'nothing foldable: the plain model is used');
    // The same chain with a linear conv does fold: undefined above is the activation's doing.
    const linearConv = tf.layers.conv2d({ filters: 3, kernelSize: 3 }).apply(input) as tf.SymbolicTensor;
    const linear = tf.model({ inputs: input, outputs: tf.layers.batchNormalization().apply(linearConv) as tf.SymbolicTensor });
    const folded = foldBatchNorm(linear);
    assert.ok(folded);
    folded.dispose();
  });
});
