import * as assert from 'node:assert/strict';
import { applyTemporalModel } from '../../../src/core/temporal/applyTemporalModel';
import { phaseStatistics, withHeadPriors } from '../../../src/core/temporal/phaseStatistics';
import { stayProbability, viterbiDecode } from '../../../src/core/temporal/viterbi';
import { labelRuns } from '../../../src/core/metrics/segmentation';

const classes = ['a', 'b', 'c'];
/** Phases a → b → c, 10 s each, in two training videos. */
const statistics = phaseStatistics(classes, [0, 1].map(() => ({ segments: classes.map((label) => ({ label, seconds: 10 })) })));
const confident = (c: number, p = 0.8): number[] => classes.map((_, k) => (k === c ? p : (1 - p) / 2));

describe('HMM decoding of frame scores (Viterbi)', () => {
  it('turns an over-segmented prediction into one segment per phase, in order', () => {
    // 30 frames: a, b, c 10 each, with a lone wrong frame inside each phase (the frame classifier's flicker).
    const truth = [...Array(10).fill(0), ...Array(10).fill(1), ...Array(10).fill(2)];
    const frames = truth.map((c, t) => confident(t % 10 === 5 ? (c + 1) % 3 : c));
    const frameOnly = frames.map((s) => s.indexOf(Math.max(...s)));
    assert.equal(labelRuns(frameOnly.map(String)).length, 9, 'the frames alone break the video into 9 runs');
    const decoded = viterbiDecode(frames, statistics, { emissionWeight: 1, priorCorrection: 0, stepSeconds: 1 });
    assert.deepEqual(decoded, truth);
  });

  it('keeps the order the training videos show: a frame that looks like a later phase does not jump ahead', () => {
    // a a a c a a a b b b: "c" at frame 3 is between a and b, so it is read as a (c never follows a in training).
    const frames = [0, 0, 0, 2, 0, 0, 0, 1, 1, 1].map((c) => confident(c, 0.6));
    assert.deepEqual(viterbiDecode(frames, statistics, { emissionWeight: 1, priorCorrection: 0, stepSeconds: 1 }), [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  });

  it('follows the frames when they insist: a long run of a class is kept even out of order', () => {
    const frames = [...Array(12).fill(0), ...Array(12).fill(2)].map((c) => confident(c, 0.95));
    const decoded = viterbiDecode(frames, statistics, { emissionWeight: 1, priorCorrection: 0, stepSeconds: 1 });
    assert.deepEqual(decoded, [...Array(12).fill(0), ...Array(12).fill(2)]);
  });

  it('a lower emission weight trusts the phase statistics more', () => {
    // A 3-frame burst of c inside a: weight 1 keeps it, weight 0.25 does not.
    const frames = [...Array(8).fill(0), 2, 2, 2, ...Array(8).fill(0)].map((c) => confident(c, 0.9));
    const at = (w: number) => viterbiDecode(frames, statistics, { emissionWeight: w, priorCorrection: 0, stepSeconds: 1 });
    assert.ok(at(1).includes(2));
    assert.ok(!at(0.25).includes(2));
  });

  it('a video ends in a class the training videos end in', () => {
    const twoPhases = phaseStatistics(['a', 'b'], [0, 1].map(() => ({ segments: [{ label: 'a', seconds: 3 }, { label: 'b', seconds: 3 }] })));
    const undecided = Array.from({ length: 6 }, () => [0.55, 0.45]);
    const decoded = viterbiDecode(undecided, twoPhases, { emissionWeight: 1, priorCorrection: 0, stepSeconds: 1 });
    assert.equal(decoded[0], 0, 'it starts in a');
    assert.equal(decoded[5], 1, 'and ends in b, although each frame leans to a');
    const anyEnd = { ...twoPhases, final: [0.5, 0.5] };
    assert.deepEqual(viterbiDecode(undecided, anyEnd, { emissionWeight: 1, priorCorrection: 0, stepSeconds: 1 }), [0, 0, 0, 0, 0, 0]);
  });

  it('durations are in seconds: the chance of staying follows the step', () => {
    assert.equal(stayProbability(10, 1), 0.9);
    assert.equal(stayProbability(10, 2), 0.8);
    assert.equal(stayProbability(1, 4), 0.05, 'a phase shorter than a step still stays a little');
    assert.deepEqual(viterbiDecode([], statistics, { emissionWeight: 1, priorCorrection: 0, stepSeconds: 1 }), []);
  });

  it('applyTemporalModel maps the statistics onto the classifier\'s class order and refuses a model of another run', () => {
    const reordered = { classes: ['c', 'a', 'b'], times: [0, 1, 2, 3], scores: [0, 0, 1, 1].map((k) => (k === 0 ? [0.1, 0.8, 0.1] : [0.1, 0.1, 0.8])) };
    const decoded = applyTemporalModel(reordered, { kind: 'hmm', statistics, emissionWeight: 1, priorCorrection: 0 }, 1);
    assert.deepEqual(decoded.classes.map((c) => reordered.classes[c]), ['a', 'a', 'b', 'b']);
    assert.throws(() => applyTemporalModel({ classes: ['a', 'x'], times: [0], scores: [[1, 0]] }, { kind: 'hmm', statistics, emissionWeight: 1, priorCorrection: 0 }, 1), /knows classes the classifier does not \(b, c\)/);
    assert.throws(() => applyTemporalModel(reordered, { kind: 'frame' }, 0), /step must be > 0/);
  });

  it('smoothing windows are in seconds, so the same model fits any step', () => {
    const predictions = { classes, times: [0, 2, 4, 6, 8], scores: [0, 0, 1, 0, 0].map((c) => confident(c, 0.6)) };
    assert.deepEqual(applyTemporalModel(predictions, { kind: 'smoothing', windowSeconds: 6 }, 2).classes, [0, 0, 0, 0, 0]);
    assert.deepEqual(applyTemporalModel(predictions, { kind: 'smoothing', windowSeconds: 1 }, 2).classes, [0, 0, 1, 0, 0]);
  });

  it('prior correction divides by the class shares the head saw: with even class weights it changes nothing', () => {
    const weighted = withHeadPriors(statistics, [30, 10, 10], { 0: 50 / 90, 1: 50 / 30, 2: 50 / 30 });
    weighted.priors.forEach((p) => assert.ok(Math.abs(p - 1 / 3) < 1e-3));
    const unweighted = withHeadPriors(statistics, [30, 10, 10], undefined);
    assert.ok(Math.abs(unweighted.priors[0] - 0.6) < 1e-3);
    const unseen = withHeadPriors(statistics, [10, 10, 0], undefined);
    assert.ok(unseen.priors[2] > 0, 'a class without training frames still has a share to divide by');
  });
});
