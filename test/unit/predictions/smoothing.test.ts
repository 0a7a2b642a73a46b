import * as assert from 'node:assert/strict';
import { smoothScalars } from '../../../src/core/predictions/smoothing';

function close(actual: readonly number[], expected: readonly number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Object.is(a, expected[i]) || Math.abs(a - expected[i]) < 1e-12, `[${i}] ${a} ≠ ${expected[i]}`));
}

describe('TensorBoard scalar smoothing', () => {
  it('debiased EMA, computed by hand for w = 0.5', () => {
    // last: 0.5, 1.25, 2.125; debias: 1 − 0.5^n = 0.5, 0.75, 0.875
    close(smoothScalars([1, 2, 3], 0.5), [1, 5 / 3, 17 / 7]);
  });

  it('the first point is always the raw value, and w = 0 is no smoothing', () => {
    close(smoothScalars([7, 1, 4], 0), [7, 1, 4]);
    assert.equal(smoothScalars([7, 1, 4], 0.9)[0], 7);
  });

  it('non-finite values pass through and do not advance the average', () => {
    // After 1: last 0.5 (n=1); NaN skipped; 3: last 0.25 + 1.5 = 1.75, debias 1 − 0.25 → 7/3.
    close(smoothScalars([1, NaN, 3], 0.5), [1, NaN, 7 / 3]);
    close(smoothScalars([1, Infinity, 1], 0.5), [1, Infinity, 1]);
  });

  it('a constant series stays exactly constant (TensorBoard #786)', () => {
    assert.deepEqual(smoothScalars([0.3, 0.3, 0.3, 0.3], 0.999), [0.3, 0.3, 0.3, 0.3]);
  });

  it('w = 0.999, the slider maximum: 10 after 0 gives 0.01 / (1 − 0.999²)', () => {
    close(smoothScalars([0, 10], 0.999), [0, 0.01 / (1 - 0.999 * 0.999)]);
  });

  it('empty input, and weights outside [0, 1] are refused', () => {
    assert.deepEqual(smoothScalars([], 0.6), []);
    assert.throws(() => smoothScalars([1], 1.5), RangeError);
    assert.throws(() => smoothScalars([1], NaN), RangeError);
  });
});
