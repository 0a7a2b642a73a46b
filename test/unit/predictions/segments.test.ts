import * as assert from 'node:assert/strict';
import { frameAccuracy, labelAt } from '../../../src/core/predictions/frameAccuracy';
import { frameLabels, predictedSegments } from '../../../src/core/predictions/segments';
import { majorityFilter, movingAverageScores } from '../../../src/core/predictions/temporalFilter';
import type { FramePredictions } from '../../../src/core/predictions/types';

// Frames every 2 s; argmax: n s s n s n (s = suturing, n = not-suturing).
const suturing = [0.2, 0.9, 0.7, 0.4, 0.6, 0.1];
const frames: FramePredictions = {
  classes: ['suturing', 'not-suturing'],
  times: [0, 2, 4, 6, 8, 10],
  scores: suturing.map((s) => [s, 1 - s]),
};
const plain = (segments: ReadonlyArray<{ label: string; start: number; end: number }>) => segments.map(({ label, start, end }) => ({ label, start, end }));

describe('per-frame predictions → segments', () => {
  it('merges consecutive frames of one class into [t_i, t_j + step), clamped to the duration', () => {
    assert.deepEqual(plain(predictedSegments(frames, { durationSeconds: 11 })), [
      { label: 'not-suturing', start: 0, end: 2 },
      { label: 'suturing', start: 2, end: 6 },
      { label: 'not-suturing', start: 6, end: 8 },
      { label: 'suturing', start: 8, end: 10 },
      { label: 'not-suturing', start: 10, end: 11 },
    ]);
  });

  it('drops the background class and keeps frame counts and mean scores', () => {
    const segments = predictedSegments(frames, { background: 'not-suturing' });
    assert.deepEqual(plain(segments), [{ label: 'suturing', start: 2, end: 6 }, { label: 'suturing', start: 8, end: 10 }]);
    assert.deepEqual(segments.map((s) => s.frames), [2, 1]);
    assert.ok(Math.abs(segments[0].meanScore - 0.8) < 1e-12 && Math.abs(segments[1].meanScore - 0.6) < 1e-12);
  });

  it('majority filter over 3 frames removes the lone frames', () => {
    assert.deepEqual(plain(predictedSegments(frames, { background: 'not-suturing', smoothing: { kind: 'majority', window: 3 } })), [{ label: 'suturing', start: 2, end: 8 }]);
  });

  it('moving average of scores over 3 frames (cut short at the ends)', () => {
    // suturing means: 0.55, 0.6, 0.667, 0.567, 0.367, 0.35
    const smoothed = movingAverageScores(frames.scores, 3);
    [0.55, 0.6, 2 / 3, 1.7 / 3, 1.1 / 3, 0.35].forEach((m, i) => assert.ok(Math.abs(smoothed[i][0] - m) < 1e-12, `${i}`));
    assert.deepEqual(plain(predictedSegments(frames, { background: 'not-suturing', smoothing: { kind: 'mean', window: 3 } })), [{ label: 'suturing', start: 0, end: 8 }]);
  });

  it('window 1 changes nothing; ties in the majority keep the frame’s own class; bad windows are refused', () => {
    assert.deepEqual(movingAverageScores(frames.scores, 1), frames.scores);
    assert.deepEqual(majorityFilter(['a', 'b'], 2), ['a', 'b']);
    // windows: abb → b; abba tie → own b; abbaa → a; bbaa tie → own a; baa → a
    assert.deepEqual(majorityFilter(['a', 'b', 'b', 'a', 'a'], 5), ['b', 'b', 'a', 'a', 'a']);
    assert.throws(() => movingAverageScores(frames.scores, 0), RangeError);
    assert.throws(() => majorityFilter([1], 1.5), RangeError);
  });

  it('an explicit step, a single frame, and no frames', () => {
    const one: FramePredictions = { classes: ['a', 'b'], times: [3], scores: [[0.1, 0.9]] };
    assert.deepEqual(plain(predictedSegments(one)), [{ label: 'b', start: 3, end: 4 }]);
    assert.deepEqual(plain(predictedSegments(one, { step: 0.5 })), [{ label: 'b', start: 3, end: 3.5 }]);
    assert.deepEqual(predictedSegments({ classes: ['a'], times: [], scores: [] }), []);
  });
});

describe('frame accuracy against annotated segments', () => {
  const truth = [{ label: 'suturing', start: 2, end: 8 }];

  it('a time is in a segment when start ≤ t < end, else background', () => {
    assert.equal(labelAt(2, truth, 'bg'), 'suturing');
    assert.equal(labelAt(8, truth, 'bg'), 'bg');
  });

  it('counts frames whose predicted class matches the annotations', () => {
    // truth: n s s s n n; predicted: n s s n s n → 4 of 6
    assert.equal(frameAccuracy({ times: frames.times, labels: frameLabels(frames).labels }, truth, 'not-suturing'), 4 / 6);
    assert.equal(frameAccuracy({ times: [], labels: [] }, truth, 'bg'), 0);
  });
});
