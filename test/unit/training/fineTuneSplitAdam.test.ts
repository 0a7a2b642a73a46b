import * as assert from 'node:assert/strict';
import { SplitAdam } from '../../../src/worker/splitOptimizer';
import { tf } from '../../../src/worker/tfjs';

describe('SplitAdam: the fine-tuned blocks learn at a fraction of the head rate', () => {
  before(async () => assert.ok(await tf.setBackend('wasm')));

  it('moves the slow variables by the slow rate and the others by the fast rate, through model.fit', async () => {
    // One dense layer as "backbone", one as "head": the first Adam step moves every weight by ≈ its rate.
    const input = tf.input({ shape: [3] });
    const backbone = tf.layers.dense({ units: 4, name: 'backbone', kernelInitializer: 'ones' });
    const head = tf.layers.dense({ units: 2, activation: 'softmax', name: 'head', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) });
    const model = tf.model({ inputs: input, outputs: head.apply(backbone.apply(input)) as tf.SymbolicTensor });
    const slow = new Set(backbone.trainableWeights.map((w) => w.name));
    model.compile({ optimizer: new SplitAdam(0.01, 0.001, slow), loss: 'categoricalCrossentropy' });
    const before = model.getWeights().map((w) => w.clone());
    const x = tf.tensor2d([[1, 2, 3], [3, 1, 2]]);
    const y = tf.tensor2d([[1, 0], [0, 1]]);
    await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    const moved = model.getWeights().map((w, i) => tf.tidy(() => w.sub(before[i]).abs().max().dataSync()[0]));
    // Weight order: backbone kernel, bias; head kernel, bias.
    for (const i of [0, 1]) assert.ok(Math.abs(moved[i] - 0.001) < 1e-4, `backbone weight ${i} moved ${moved[i]}`);
    for (const i of [2, 3]) assert.ok(Math.abs(moved[i] - 0.01) < 1e-3, `head weight ${i} moved ${moved[i]}`);
    tf.dispose([...before, x, y]);
    model.dispose();
  });
});
