import * as assert from 'node:assert/strict';
import { iou, segmentMetrics } from '../../../src/core/predictions/segmentMetrics';

const s = (start: number, end: number, label = 'suturing') => ({ label, start, end });

describe('segment-level precision / recall / F1', () => {
  it('IoU of spans', () => {
    assert.equal(iou(s(0, 10), s(5, 15)), 5 / 15);
    assert.equal(iou(s(0, 10), s(10, 20)), 0);
    assert.equal(iou(s(1, 10), s(0, 10)), 0.9);
  });

  it('one-to-one matching at IoU ≥ 0.5: a second prediction on a matched segment is a false positive', () => {
    const truth = [s(0, 10), s(20, 30), s(40, 50)];
    // IoUs: 0.9 | 0.4 (too low) | 0.8 and 0.5 with the same true segment
    const predicted = [s(1, 10), s(20, 24), s(41, 49), s(45, 50)];
    const m = segmentMetrics(predicted, truth);
    assert.deepEqual([m.matched, m.predicted, m.truth], [2, 4, 3]);
    assert.equal(m.precision, 0.5);
    assert.equal(m.recall, 2 / 3);
    assert.ok(Math.abs(m.f1 - 4 / 7) < 1e-12);
    assert.equal(m.iouThreshold, 0.5);
  });

  it('greedy matching takes the best IoU first', () => {
    // P1–T2 0.9, P2–T1 0.818, P1–T1 0.43: best-first gives two matches at threshold 0.4
    const m = segmentMetrics([s(0, 10), s(5, 15)], [s(4, 14), s(0, 9)], 0.4);
    assert.equal(m.matched, 2);
  });

  it('labels are matched separately and reported per label', () => {
    const m = segmentMetrics([s(0, 10), s(20, 30, 'knot')], [s(0, 10), s(20, 30, 'cut')]);
    assert.equal(m.matched, 1);
    assert.deepEqual(Object.keys(m.perLabel), ['cut', 'knot', 'suturing']);
    assert.deepEqual([m.perLabel.knot.precision, m.perLabel.knot.recall], [0, 0]);
    assert.deepEqual([m.perLabel.cut.predicted, m.perLabel.cut.recall], [0, 0]);
    assert.equal(m.perLabel.suturing.f1, 1);
  });

  it('nothing predicted and nothing true is perfect; nothing predicted with truth is 0', () => {
    assert.deepEqual([segmentMetrics([], []).precision, segmentMetrics([], []).f1], [1, 1]);
    const missed = segmentMetrics([], [s(0, 1)]);
    assert.deepEqual([missed.precision, missed.recall, missed.f1], [0, 0, 0]);
  });
});
