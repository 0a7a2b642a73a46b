import * as assert from 'node:assert/strict';
import { registerDepthwiseGradients } from '../../../src/worker/depthwiseGradients';
import { tf } from '../../../src/worker/tfjs';

/** Gradients of a depthwise convolution with respect to its input and its kernel, as flat arrays. */
function gradients(shape: [number, number, number, number], stride: number, x: Float32Array, kernel: Float32Array): Float32Array[] {
  return tf.tidy(() => {
    const grad = tf.grads((a: tf.Tensor, k: tf.Tensor) => tf.depthwiseConv2d(a as tf.Tensor4D, k as tf.Tensor4D, stride, 'same').square().sum());
    return grad([tf.tensor4d(x, shape), tf.tensor4d(kernel, [3, 3, shape[3], 1])]).map((g) => g.dataSync() as Float32Array);
  });
}

describe('depthwise convolution gradients on wasm (fine-tuning MobileNet blocks)', () => {
  let previous: string;
  before(() => (previous = tf.getBackend()));
  after(async () => {
    if (previous) await tf.setBackend(previous);
  });

  it('match the cpu backend for MobileNet shapes, stride 1 and 2', async () => {
    const cases: Array<[[number, number, number, number], number]> = [[[3, 14, 14, 16], 2], [[3, 7, 7, 24], 1], [[2, 15, 15, 8], 2]];
    const data = cases.map(([shape]) => [
      Float32Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(i * 0.7)),
      Float32Array.from({ length: 9 * shape[3] }, (_, i) => Math.cos(i * 1.3)),
    ]);
    assert.ok(await tf.setBackend('cpu'));
    const expected = cases.map(([shape, stride], i) => gradients(shape, stride, data[i][0], data[i][1]));
    assert.ok(await tf.setBackend('wasm'));
    registerDepthwiseGradients();
    cases.forEach(([shape, stride], i) => {
      gradients(shape, stride, data[i][0], data[i][1]).forEach((got, which) => {
        const want = expected[i][which];
        assert.equal(got.length, want.length);
        const worst = got.reduce((max, v, j) => Math.max(max, Math.abs(v - want[j]) / (1 + Math.abs(want[j]))), 0);
        assert.ok(worst < 1e-5, `case ${i}, ${which ? 'kernel' : 'input'} gradient off by ${worst}`);
        assert.ok(want.some((v) => Math.abs(v) > 1), 'non-trivial gradients');
      });
    });
  });
});
