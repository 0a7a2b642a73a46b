import * as assert from 'node:assert/strict';
import {
  editScore,
  f1Counts,
  f1FromCounts,
  labelRuns,
  relaxedBoundaryScores,
  segmentationScores,
  summarizeSegmentation,
} from '../../../src/core/metrics/segmentation';

/** One label per character: 'AAB' → ['A', 'A', 'B']. */
const frames = (s: string): string[] => s.split('');
const repeat = (label: string, n: number): string[] => new Array<string>(n).fill(label);
const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);

describe('segmentation metrics', () => {
  it('label runs, with and without background', () => {
    assert.deepEqual(labelRuns(frames('xAAxxB')), [
      { label: 'x', start: 0, end: 1 },
      { label: 'A', start: 1, end: 3 },
      { label: 'x', start: 3, end: 5 },
      { label: 'B', start: 5, end: 6 },
    ]);
    // A background frame between two runs of A leaves two segments, as in ms-tcn.
    assert.deepEqual(labelRuns(frames('AxAB'), ['x']), [
      { label: 'A', start: 0, end: 1 },
      { label: 'A', start: 2, end: 3 },
      { label: 'B', start: 3, end: 4 },
    ]);
    assert.deepEqual(labelRuns([]), []);
    assert.deepEqual(labelRuns(frames('xx'), ['x']), []);
  });

  it('edit score: identical, over-segmented, normalised by the longer run list', () => {
    assert.equal(editScore(frames('AABBBC'), frames('AABBBC')), 100);
    // Runs A B A B against A B: two insertions over max(4, 2) runs.
    assert.equal(editScore(frames('AAAABBBB'), frames('AABAABBB')), 50);
    // Runs A B C against A C: one deletion over 3 runs, whichever side is longer.
    close(editScore(frames('AABBCC'), frames('AAACCC')), (2 / 3) * 100);
    close(editScore(frames('AAACCC'), frames('AABBCC')), (2 / 3) * 100);
    // Only the order of segment labels counts, not where the boundaries fall.
    assert.equal(editScore(frames('ABBBBB'), frames('AAAAAB')), 100);
  });

  it('edit score leaves background runs out, and is 100 only when both run lists are empty', () => {
    // Runs without x: A B against A A B.
    close(editScore(frames('xxAAxBB'), frames('AxAAxxB'), { background: ['x'] }), (2 / 3) * 100);
    assert.equal(editScore(frames('xx'), frames('xx'), { background: ['x'] }), 100);
    assert.equal(editScore(frames('xx'), frames('xA'), { background: ['x'] }), 0);
    assert.equal(editScore([], []), 100);
  });

  it('F1: a predicted run whose best true run is already used is a false positive', () => {
    // truth A[0,6) B[6,7) A[7,8); predicted A[0,2) B[2,3) A[3,8).
    // A[0,2): IoU 2/6 with A[0,6) → TP. B[2,3): disjoint from B[6,7) → FP.
    // A[3,8): IoU 3/8 with the used A[0,6) beats 1/5 with the free A[7,8) → FP.
    const counts = f1Counts(frames('AAAAAABA'), frames('AABAAAAA'), 0.1);
    assert.deepEqual(counts, { tp: 1, fp: 2, fn: 2 });
    close(f1FromCounts(counts), 100 / 3);
    // At 0.5 even the first match fails.
    assert.deepEqual(f1Counts(frames('AAAAAABA'), frames('AABAAAAA'), 0.5), { tp: 0, fp: 3, fn: 3 });
  });

  it('F1: IoU just below and exactly at the threshold', () => {
    const truth = repeat('A', 100);
    assert.deepEqual(f1Counts(truth, [...repeat('A', 49), ...repeat('B', 51)], 0.5), { tp: 0, fp: 2, fn: 1 });
    assert.deepEqual(f1Counts(truth, [...repeat('A', 50), ...repeat('B', 50)], 0.5), { tp: 1, fp: 1, fn: 0 });
    assert.deepEqual(f1Counts(truth, [...repeat('A', 49), ...repeat('B', 51)], 0.25), { tp: 1, fp: 1, fn: 0 });
  });

  it('F1: over-segmentation gives one TP and FPs for the rest; background runs are ignored', () => {
    // One true run of 6 split into A[0,3) B[3,4) A[4,6): IoU 3/6 → TP, B → FP, A[4,6) best is the used run → FP.
    const split = f1Counts(frames('AAAAAA'), frames('AAABAA'), 0.1);
    assert.deepEqual(split, { tp: 1, fp: 2, fn: 0 });
    assert.equal(f1FromCounts(split), 50);
    // With x as background the predicted runs are A[0,2) A[3,4) A[5,6): IoU 2/6, 1/6, 1/6.
    assert.deepEqual(f1Counts(frames('AAAAAA'), frames('AAxAxA'), 0.1, { background: ['x'] }), { tp: 1, fp: 2, fn: 0 });
    // truth A[2,4) B[5,7), predicted A[0,1) A[2,4) B[6,7) once x is left out: FP, TP (IoU 1), TP (IoU 1/2).
    assert.deepEqual(f1Counts(frames('xxAAxBB'), frames('AxAAxxB'), 0.5, { background: ['x'] }), { tp: 2, fp: 1, fn: 0 });
    // With x as a label: x[1,2)~x[0,2) and x[4,6)~x[4,5) (IoU 1/2 each) are TPs too, so every true run is used.
    assert.deepEqual(f1Counts(frames('xxAAxBB'), frames('AxAAxxB'), 0.5), { tp: 4, fp: 1, fn: 0 });
  });

  it('F1 from counts: 0 where precision or recall is undefined', () => {
    assert.equal(f1FromCounts({ tp: 0, fp: 0, fn: 0 }), 0);
    assert.equal(f1FromCounts({ tp: 0, fp: 3, fn: 2 }), 0);
    assert.equal(f1FromCounts({ tp: 2, fp: 1, fn: 0 }), 80);
    assert.throws(() => f1Counts(frames('A'), frames('A'), 0), RangeError);
  });

  it('per-class precision, recall and Jaccard on a small confusion', () => {
    // truth AAABBC, predicted AABBCC: correct frames 0, 1, 3, 5.
    const s = segmentationScores(frames('AAABBC'), frames('AABBCC'));
    assert.equal(s.frames, 6);
    assert.equal(s.correct, 4);
    close(s.frameAccuracy, 4 / 6);
    assert.deepEqual(Object.keys(s.perClass), ['A', 'B', 'C']);
    assert.deepEqual(s.perClass.A, { precision: 1, recall: 2 / 3, jaccard: 2 / 3, support: 3, predicted: 2, tp: 2 });
    assert.deepEqual(s.perClass.B, { precision: 1 / 2, recall: 1 / 2, jaccard: 1 / 3, support: 2, predicted: 2, tp: 1 });
    assert.deepEqual(s.perClass.C, { precision: 1 / 2, recall: 1, jaccard: 1 / 2, support: 1, predicted: 2, tp: 1 });
    // Per-class F1: 0.8, 0.5, 2/3.
    close(s.macroF1, (0.8 + 0.5 + 2 / 3) / 3);
    assert.equal(s.majorityBaseline, 0.5);
    // Runs A B C against A B C; segments A[0,2)~A[0,3) 2/3, B[2,4)~B[3,5) 1/3, C[4,6)~C[5,6) 1/2.
    assert.equal(s.editScore, 100);
    assert.deepEqual(s.counts.at25, { tp: 3, fp: 0, fn: 0 });
    assert.deepEqual(s.counts.at50, { tp: 2, fp: 1, fn: 1 });
    close(s.f1At50, (2 / 3) * 100);
  });

  it('a class only predicted is listed but left out of macro F1', () => {
    const s = segmentationScores(frames('AA'), frames('AD'));
    assert.deepEqual(s.perClass.D, { precision: 0, recall: 0, jaccard: 0, support: 0, predicted: 1, tp: 0 });
    close(s.macroF1, 2 / 3);
    assert.equal(s.majorityBaseline, 1);
  });

  it('background frames count for accuracy but not for segments', () => {
    const s = segmentationScores(frames('xxAAxBB'), frames('AxAAxxB'), { background: ['x'] });
    close(s.frameAccuracy, 5 / 7);
    close(s.editScore, (2 / 3) * 100);
    assert.equal(s.f1At50, 80);
    assert.ok('x' in s.perClass);
  });

  it('empty input: no NaN, edit 100, F1 0, and JSON keeps every number', () => {
    const s = segmentationScores([], []);
    assert.deepEqual([s.frameAccuracy, s.editScore, s.f1At10, s.f1At25, s.f1At50, s.macroF1, s.majorityBaseline], [0, 100, 0, 0, 0, 0, 0]);
    assert.deepEqual(s.perClass, {});
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
    const summary = summarizeSegmentation([]);
    assert.deepEqual(JSON.parse(JSON.stringify(summary)), summary);
    assert.equal(summary.pooled.frameAccuracy, 0);
  });

  it('different lengths are a RangeError naming both', () => {
    assert.throws(() => segmentationScores(frames('AB'), frames('A')), { name: 'RangeError', message: 'truth has 2 frames but predicted has 1' });
    assert.throws(() => editScore(frames('A'), []), RangeError);
    assert.throws(() => relaxedBoundaryScores(frames('A'), [], { phaseOrder: ['A'], windowFrames: 1 }), RangeError);
  });

  it('summary: per-video mean and ms-tcn pooling differ', () => {
    // Video 1: 4 frames all right, one segment found. Video 2: truth AB, predicted BB:
    // accuracy 1/2, runs A B against B → edit 50, B[0,2)~B[1,2) IoU 1/2 → tp 1, fn 1 → F1 2/3.
    const summary = summarizeSegmentation([
      segmentationScores(frames('AAAA'), frames('AAAA')),
      segmentationScores(frames('AB'), frames('BB')),
    ]);
    assert.equal(summary.videos, 2);
    close(summary.mean.frameAccuracy, 0.75);
    close(summary.pooled.frameAccuracy, 5 / 6);
    assert.equal(summary.mean.editScore, 75);
    assert.equal(summary.pooled.editScore, 75);
    close(summary.mean.f1At50, (100 + 200 / 3) / 2);
    // Pooled: tp 2, fp 0, fn 1 → P 1, R 2/3 → F1 0.8.
    close(summary.pooled.f1At50, 80);
    close(summary.pooled.f1At10, 80);
    // Macro F1 1 and 1/3 (A: 0, B: 2/3); majority 1 and 1/2.
    close(summary.mean.macroF1, 2 / 3);
    close(summary.mean.majorityBaseline, 0.75);
  });

  describe('relaxed boundary (Cholec80 Evaluate.m)', () => {
    const order = ['P1', 'P2', 'P3'];

    it('a transition predicted 2 frames late is correct with window 3, not with window 1', () => {
      const truth = [...repeat('P1', 5), ...repeat('P2', 5)];
      const late = [...repeat('P1', 7), ...repeat('P2', 3)];
      const wide = relaxedBoundaryScores(truth, late, { phaseOrder: order, windowFrames: 3 });
      assert.equal(wide.frameAccuracy, 1);
      assert.equal(relaxedBoundaryScores(truth, late, { phaseOrder: order, windowFrames: 1 }).frameAccuracy, 0.9);
      assert.equal(relaxedBoundaryScores(truth, late, { phaseOrder: order, windowFrames: 0 }).frameAccuracy, 0.8);
      // As Evaluate.m counts them: the two tolerated frames are hits for P1 and for P2, so P1 recall is 7/5
      // and P2 precision 5/3. P3 never occurs in the truth and is left out.
      assert.deepEqual(Object.keys(wide.perClass), ['P1', 'P2']);
      assert.deepEqual(wide.perClass.P1, { precision: 1, recall: 7 / 5, jaccard: 1 });
      assert.deepEqual(wide.perClass.P2, { precision: 5 / 3, recall: 1, jaccard: 1 });
    });

    it('an early transition is tolerated at the end of a run; the wrong neighbour is not', () => {
      const truth = [...repeat('P1', 5), ...repeat('P2', 5)];
      const early = [...repeat('P1', 3), ...repeat('P2', 7)];
      assert.equal(relaxedBoundaryScores(truth, early, { phaseOrder: order, windowFrames: 3 }).frameAccuracy, 1);
      // The previous phase at the end of a run, or the next one at its start, stays wrong.
      const backAtEnd = [...repeat('P1', 5), ...repeat('P2', 3), ...repeat('P1', 2)];
      assert.equal(relaxedBoundaryScores(truth, backAtEnd, { phaseOrder: order, windowFrames: 3 }).frameAccuracy, 0.8);
      const aheadAtStart = [...repeat('P1', 5), ...repeat('P3', 2), ...repeat('P2', 3)];
      assert.equal(relaxedBoundaryScores(truth, aheadAtStart, { phaseOrder: order, windowFrames: 3 }).frameAccuracy, 0.8);
    });

    it('a phase shorter than the window is tolerated over its whole length', () => {
      const truth = [...repeat('P1', 4), ...repeat('P2', 2), ...repeat('P3', 4)];
      const predicted = [...repeat('P1', 6), ...repeat('P3', 4)];
      assert.equal(relaxedBoundaryScores(truth, predicted, { phaseOrder: order, windowFrames: 5 }).frameAccuracy, 1);
    });

    it('Cholec80 cases: phase 4 may end early into 6, phase 6 may start late from 4', () => {
      const phases = ['1', '2', '3', '4', '5', '6', '7'];
      const truth = [...repeat('4', 4), ...repeat('6', 4)];
      const early = [...repeat('4', 2), ...repeat('6', 6)];
      const late = [...repeat('4', 6), ...repeat('6', 2)];
      for (const predicted of [early, late]) {
        assert.equal(relaxedBoundaryScores(truth, predicted, { phaseOrder: phases, windowFrames: 3 }).frameAccuracy, 0.75);
        assert.equal(relaxedBoundaryScores(truth, predicted, { phaseOrder: phases, windowFrames: 3, cholec80Cases: true }).frameAccuracy, 1);
      }
      // Phase 2 gets only the general rule even with the Cholec80 cases.
      const general = relaxedBoundaryScores(['2', '2', '4', '4'], ['2', '4', '4', '4'], { phaseOrder: phases, windowFrames: 2, cholec80Cases: true });
      assert.equal(general.frameAccuracy, 0.75);
    });
  });
});
