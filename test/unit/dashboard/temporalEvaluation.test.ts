import * as assert from 'node:assert/strict';
import { evaluateVideos } from '../../../src/core/temporal/evaluateVideos';
import { phaseStatistics } from '../../../src/core/temporal/phaseStatistics';
import { temporalEvaluationOf } from '../../../src/extension/panels/runFolders';

describe('dashboard: evaluation.json\'s temporal figures, read defensively', () => {
  const classes = ['a', 'b'];
  const statistics = phaseStatistics(classes, [{ segments: [{ label: 'a', seconds: 5 }, { label: 'b', seconds: 5 }] }]);
  const truth = [...Array(5).fill('a'), ...Array(5).fill('b')];
  const video = (videoId: string) => ({ videoId, truth, stepSeconds: 1, predictions: { classes, times: truth.map((_, t) => t), scores: truth.map((c, t) => ((c === 'a') !== (t === 2) ? [0.8, 0.2] : [0.2, 0.8])) } });
  const written = () => JSON.parse(JSON.stringify({ model: 'hmm (weight 0.5)', background: [], ...evaluateVideos([video('v1'), video('v2')], { kind: 'hmm', statistics, emissionWeight: 0.5, priorCorrection: 1 }, []) }));

  it('reads back what training writes, figure for figure', () => {
    const value = written();
    const parsed = temporalEvaluationOf(value)!;
    assert.deepEqual(parsed, value);
    assert.equal(parsed.perVideo.length, 2);
    assert.ok(parsed.temporal.mean.editScore > parsed.frameOnly.mean.editScore, 'the HMM mends the flicker at frame 2');
  });

  it('drops a damaged video, and has nothing for an old or damaged field', () => {
    const value = written();
    value.perVideo[1].temporal.f1At25 = 'high';
    assert.deepEqual(temporalEvaluationOf(value)?.perVideo.map((v) => v.videoId), ['v1']);
    assert.equal(temporalEvaluationOf(undefined), undefined);
    assert.equal(temporalEvaluationOf({ ...written(), model: '' }), undefined);
    assert.equal(temporalEvaluationOf({ ...written(), temporal: { videos: 2 } }), undefined);
  });
});
