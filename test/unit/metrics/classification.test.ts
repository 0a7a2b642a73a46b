import * as assert from 'node:assert/strict';
import { classificationReport, prCurve } from '../../../src/core/metrics/classification';

describe('classification metrics', () => {
  it('confusion, accuracy and per-class precision/recall/F1 on a known case', () => {
    // truth: a a a b b ; predicted: a a b b a
    const scores = [[0.9, 0.1], [0.6, 0.4], [0.3, 0.7], [0.2, 0.8], [0.55, 0.45]];
    const report = classificationReport(['a', 'b'], [0, 0, 0, 1, 1], scores);
    assert.deepEqual(report.confusion, [[2, 1], [1, 1]]);
    assert.equal(report.accuracy, 3 / 5);
    assert.deepEqual(report.perClass.map((m) => [m.precision, m.recall, m.support]), [[2 / 3, 2 / 3, 3], [1 / 2, 1 / 2, 2]]);
    assert.ok(Math.abs(report.perClass[0].f1 - 2 / 3) < 1e-12);
  });

  it('precision-recall curve from the highest threshold down, ties grouped', () => {
    const points = prCurve([true, false, true, true], [0.9, 0.8, 0.8, 0.1]);
    assert.deepEqual(points, [
      { threshold: 0.9, precision: 1, recall: 1 / 3 },
      { threshold: 0.8, precision: 2 / 3, recall: 2 / 3 },
      { threshold: 0.1, precision: 3 / 4, recall: 1 },
    ]);
    assert.deepEqual(prCurve([false, false], [0.5, 0.4]), []);
  });
});
