import * as assert from 'node:assert/strict';
import { labelRuns } from '../../../src/core/metrics/segmentation';
import { applyTemporalModel } from '../../../src/core/temporal/applyTemporalModel';
import { parseRunTemporal } from '../../../src/core/temporal/runTemporalModel';
import { conv1d, resampleIndices, tcnForward } from '../../../src/core/temporal/tcn';
import { selectBackend } from '../../../src/worker/backend';
import { trainTcn } from '../../../src/worker/trainTcn';

/** Two phases with a wrong frame every 5: what a frame classifier gives, and what the truth is. */
function flickering(frames: number, switchAt: number, offset: number): { scores: number[][]; truth: number[] } {
  const truth = Array.from({ length: frames }, (_, t) => (t < switchAt ? 0 : 1));
  const scores = truth.map((c, t) => ((t + offset) % 5 === 0 ? 1 - c : c)).map((c) => (c === 0 ? [0.8, 0.2] : [0.2, 0.8]));
  return { scores, truth };
}

describe('temporal convolution network (MS-TCN refinement stage)', function () {
  this.timeout(120_000);

  it('conv1d: a dilated kernel reads frames t − d, t, t + d, zeros outside', () => {
    const x = [[1], [2], [3], [4], [5]];
    const y = conv1d(x, { kernel: 3, inputs: 1, outputs: 1, dilation: 2, weights: [1, 10, 100], bias: [0.5] });
    // y[t] = x[t−2] + 10·x[t] + 100·x[t+2] + 0.5
    assert.deepEqual(y.map((r) => r[0]), [310.5, 420.5, 531.5, 42.5, 53.5]);
    const mix = conv1d([[1, 2]], { kernel: 1, inputs: 2, outputs: 2, dilation: 1, weights: [1, 2, 3, 4], bias: [0, 0] });
    assert.deepEqual(mix, [[1 * 1 + 2 * 3, 1 * 2 + 2 * 4]]);
  });

  it('resamples other steps to the one it learnt: the nearest frame of each time', () => {
    assert.deepEqual(resampleIndices([0, 2, 4, 6], 1), [0, 1, 1, 2, 2, 3, 3], 'a tie goes to the later frame');
    assert.deepEqual(resampleIndices([0, 1, 2, 3, 4], 2), [0, 2, 4]);
    assert.deepEqual(resampleIndices([], 1), []);
  });

  it('learns in tfjs to mend flicker, and the plain forward pass reads it the same way at any step', async () => {
    await selectBackend('wasm');
    const training = [flickering(40, 20, 0), flickering(40, 15, 2), flickering(40, 25, 4)];
    const parameters = await trainTcn(training, { classes: 2, seed: 7, layers: 4, channels: 8 });
    const unseen = flickering(40, 18, 1);
    const before = labelRuns(unseen.scores.map((s) => String(s.indexOf(Math.max(...s))))).length;
    const after = tcnForward(parameters, unseen.scores).map((p) => p.indexOf(Math.max(...p)));
    assert.ok(before >= 10, `the frames alone flicker: ${before} runs`);
    assert.ok(labelRuns(after.map(String)).length <= 3, `the network reads ${after.join('')}`);
    assert.ok(after.filter((c, t) => c === unseen.truth[t]).length >= 36, after.join(''));

    const model = { kind: 'tcn' as const, classes: ['a', 'b'], stepSeconds: 1, parameters };
    const times = unseen.scores.map((_, t) => t);
    const decoded = applyTemporalModel({ classes: ['b', 'a'], times, scores: unseen.scores.map(([a, b]) => [b, a]) }, model, 1);
    assert.deepEqual(decoded.classes.map((c) => ['b', 'a'][c]), after.map((c) => ['a', 'b'][c]), 'its classes follow the classifier\'s order');
    // Every other frame at a 2-s step: read at 1 s through the nearest frames, then mapped back.
    const half = { classes: ['a', 'b'], times: times.filter((t) => t % 2 === 0), scores: unseen.scores.filter((_, t) => t % 2 === 0) };
    assert.equal(applyTemporalModel(half, model, 2).classes.length, 20);

    const file = JSON.parse(JSON.stringify({ model, tcn: model, candidates: [] }));
    const run = parseRunTemporal(file)!;
    assert.equal(run.name, 'tcn (4 layers)');
    assert.deepEqual(run.tcn?.parameters, parameters);
    file.model.parameters.layers[0].dilated.weights.pop();
    assert.equal(parseRunTemporal(file), undefined, 'a weight array of the wrong size is refused');
  });
});
