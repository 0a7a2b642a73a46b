import * as assert from 'node:assert/strict';
import { evaluateVideo } from '../../../src/core/predictions/evaluateVideo';
import { defaultBackground, timelineEvaluation } from '../../../src/core/predictions/timelineEvaluation';

describe('timeline evaluation (the panel’s view of a prediction)', () => {
  // 10 frames every 2 s: background, then suturing from 8 s with one odd frame at 12 s.
  const suturing = [0, 0, 0, 0, 1, 1, 0, 1, 1, 1];
  const predictions = {
    classes: ['suturing', 'not-suturing'],
    times: suturing.map((_, i) => i * 2),
    scores: suturing.map((s) => (s ? [0.9, 0.1] : [0.2, 0.8])),
  };
  const truth = [{ label: 'suturing', start: 8, end: 20 }];
  const options = { everySeconds: 2, durationSeconds: 20, background: 'not-suturing', truth };

  it('without smoothing, the odd frame splits the segment: two predicted, one matched', () => {
    const result = timelineEvaluation(predictions, { ...options, smoothing: 1 });
    assert.deepEqual(result.segments, [{ label: 'suturing', start: 8, end: 12 }, { label: 'suturing', start: 14, end: 20 }]);
    assert.equal(result.frameAccuracy, 0.9);
    assert.equal(result.segmentMetrics?.predicted, 2);
    assert.equal(result.segmentMetrics?.matched, 1);
    assert.equal(result.labels[6], 'not-suturing');
    assert.deepEqual(result.confidences.slice(0, 2), [0.8, 0.8]);
  });

  it('a 3-frame moving average joins it, as the CLI’s --smooth 3 does', () => {
    const result = timelineEvaluation(predictions, { ...options, smoothing: 3 });
    const cli = evaluateVideo(predictions, { background: 'not-suturing', step: 2, durationSeconds: 20, truth, smoothing: { kind: 'mean', window: 3 } });
    assert.deepEqual(result.segments, cli.segments.map(({ label, start, end }) => ({ label, start, end })));
    assert.deepEqual(result.segments, [{ label: 'suturing', start: 8, end: 20 }]);
    assert.equal(result.segmentMetrics?.f1, 1);
    assert.equal(result.smoothing, 3);
    // Frame 6's smoothed suturing score: mean of 0.9, 0.2, 0.9.
    assert.ok(Math.abs(result.confidences[6] - (0.9 + 0.2 + 0.9) / 3) < 1e-12);
  });

  it('without annotations there are segments but no metrics', () => {
    const result = timelineEvaluation(predictions, { everySeconds: 2, durationSeconds: 20, background: 'not-suturing', smoothing: 1 });
    assert.equal(result.frameAccuracy, undefined);
    assert.equal(result.segmentMetrics, undefined);
    assert.equal(result.segments.length, 2);
  });

  it('a 2-hour video at 1 s steps (7200 frames) with the widest smoothing is recomputed in well under a slider tick', () => {
    const n = 7200;
    const long = {
      classes: ['suturing', 'not-suturing'],
      times: Array.from({ length: n }, (_, i) => i),
      scores: Array.from({ length: n }, (_, i) => (Math.floor(i / 300) % 2 ? [0.8, 0.2] : [0.3, 0.7])),
    };
    const longTruth = Array.from({ length: 12 }, (_, k) => ({ label: 'suturing', start: 600 * k + 300, end: 600 * k + 600 }));
    const started = performance.now();
    const result = timelineEvaluation(long, { everySeconds: 1, durationSeconds: n, background: 'not-suturing', truth: longTruth, smoothing: 51 });
    const elapsed = performance.now() - started;
    assert.equal(result.labels.length, n);
    assert.equal(result.segmentMetrics?.f1, 1);
    assert.ok(elapsed < 500, `${elapsed.toFixed(0)} ms`);
  });

  it('the background is the last class, as Extract Frames lists it and the CLI assumes', () => {
    assert.equal(defaultBackground(['suturing', 'not-suturing']), 'not-suturing');
    assert.equal(defaultBackground([]), '');
  });
});
