import * as assert from 'node:assert/strict';
import { smooth } from '../../../src/webview/smoothing';

/** TensorBoard's classic smoothing, written out from its definition, for comparison. */
function tensorBoard(values: number[], weight: number): number[] {
  let last = 0;
  let n = 0;
  const constant = values.every((v) => v === values[0]);
  return values.map((v) => {
    if (constant || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    n++;
    return last / (weight === 1 ? 1 : 1 - weight ** n);
  });
}

const close = (actual: number[], expected: number[]) => actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) < 1e-9, `at ${i}: ${a} ≠ ${expected[i]}`));

describe('webview smoothing (TensorBoard EMA with debiasing)', () => {
  it('matches values worked by hand', () => {
    // w = 0.5: 0.5/0.5 = 1; (0.25+1)/0.75 = 1.6667; (0.625+1.5)/0.875 = 2.428571…
    close(smooth([1, 2, 3], 0.5), [1, 5 / 3, 2.125 / 0.875]);
  });

  it('weight 0 leaves the series unchanged, and the first value is never biased towards 0', () => {
    close(smooth([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
    for (const w of [0.1, 0.6, 0.9, 0.999]) assert.ok(Math.abs(smooth([7, 1, 2], w)[0] - 7) < 1e-9);
  });

  it('equals TensorBoard on a noisy series for several weights', () => {
    const values = Array.from({ length: 500 }, (_, i) => Math.exp(-i / 100) + 0.1 * Math.sin(i * 12.9898));
    for (const w of [0, 0.25, 0.6, 0.9, 0.99, 0.999]) close(smooth(values, w), tensorBoard(values, w));
  });

  it('keeps a constant series and passes non-finite values through', () => {
    assert.deepEqual(smooth([2, 2, 2], 0.9), [2, 2, 2]);
    const out = smooth([1, NaN, 3], 0.5);
    assert.ok(Number.isNaN(out[1]));
    close([out[0], out[2]], [1, (0.5 * 0.5 + 1.5) / 0.75]);
    assert.deepEqual(smooth([], 0.6), []);
  });
});
