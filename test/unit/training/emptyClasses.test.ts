import * as assert from 'node:assert/strict';
import { emptyClassesOf } from '../../../src/core/training/emptyClasses';

describe('emptyClassesOf', () => {
  it('names the classes without a training frame', () => {
    assert.deepEqual(emptyClassesOf(['a', 'b', 'c'], [10, 0, 3]), ['b']);
    assert.deepEqual(emptyClassesOf(['a', 'b'], [1, 1]), []);
  });
  it('refuses when fewer than two classes can be learned', () => {
    assert.throws(() => emptyClassesOf(['a', 'b', 'c'], [10, 0, 0]), /Only 1 class\(es\) have training frames \(a\); a classifier needs two/);
  });
});
