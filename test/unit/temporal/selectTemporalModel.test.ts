import * as assert from 'node:assert/strict';
import { phaseStatistics } from '../../../src/core/temporal/phaseStatistics';
import { parseRunTemporal, temporalForChoice } from '../../../src/core/temporal/runTemporalModel';
import { DEFAULT_RECIPES, selectTemporalModel, type SelectionVideo } from '../../../src/core/temporal/selectTemporalModel';

const classes = ['a', 'b'];
const statistics = phaseStatistics(classes, [{ segments: [{ label: 'a', seconds: 20 }, { label: 'b', seconds: 20 }] }]);
const video = (videoId: string, flicker: boolean): SelectionVideo => {
  const truth = [...Array(20).fill('a'), ...Array(20).fill('b')];
  const predicted = truth.map((c, t) => (flicker && t % 4 === 1 ? (c === 'a' ? 'b' : 'a') : c));
  return { videoId, truth, stepSeconds: 1, statistics, predictions: { classes, times: truth.map((_, t) => t), scores: predicted.map((c) => (c === 'a' ? [0.7, 0.3] : [0.3, 0.7])) } };
};

describe('choosing a temporal model on held-out videos', () => {
  it('picks a temporal model over frame-only when the frames flicker', () => {
    const selection = selectTemporalModel([video('1', true), video('2', true)]);
    assert.notEqual(selection.chosen.recipe.kind, 'frame');
    const frame = selection.candidates.find((c) => c.recipe.kind === 'frame')!;
    assert.ok(selection.chosen.score > frame.score);
    assert.equal(selection.chosen.summary.mean.editScore, 100);
    assert.equal(selection.candidates.length, DEFAULT_RECIPES.length - 1, 'no network was trained for these videos: it does not compete');
  });

  it('on a tie the simplest candidate wins: clean frames keep frame-only', () => {
    const selection = selectTemporalModel([video('1', false), video('2', false)]);
    assert.equal(selection.chosen.recipe.kind, 'frame');
    assert.equal(selection.chosen.score, 100);
    assert.throws(() => selectTemporalModel([]), /at least one held-out video/);
  });

  it('reads temporal.json defensively and builds the kind a user asks for', () => {
    const file = { model: { kind: 'hmm', statistics, emissionWeight: 0.5, priorCorrection: 1 }, background: [], statistics, candidates: [{ recipe: { kind: 'smoothing', shareOfPhase: 0.2 }, score: 40 }, { recipe: { kind: 'smoothing', shareOfPhase: 0.1 }, score: 50 }, { recipe: { kind: 'bogus' }, score: 1 }] };
    const run = parseRunTemporal(JSON.parse(JSON.stringify(file)))!;
    assert.equal(run.name, 'hmm (weight 0.5)');
    assert.equal(run.candidates.length, 2, 'the unknown recipe is dropped');
    assert.deepEqual(temporalForChoice(run, 'smoothing')?.model, { kind: 'smoothing', windowSeconds: 0.1 * 20 });
    assert.equal(temporalForChoice(run, 'run')?.model, run.model);
    assert.deepEqual(temporalForChoice(run, 'frame')?.model, { kind: 'frame' });
    assert.deepEqual(temporalForChoice(undefined, 'run')?.model, { kind: 'frame' }, 'a run from before temporal models reads frame by frame');
    assert.equal(temporalForChoice(undefined, 'hmm'), undefined);
    assert.equal(parseRunTemporal({ model: { kind: 'hmm', emissionWeight: 1, priorCorrection: 0, statistics: { classes: ['a'], initial: [1, 2] } } }), undefined);
    assert.equal(parseRunTemporal({ model: { kind: 'smoothing', windowSeconds: -1 } }), undefined);
  });
});
