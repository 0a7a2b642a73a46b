import * as assert from 'node:assert/strict';
import type { ManifestRow } from '../../../src/core/frames/manifest';
import { datasetStep, framesByVideo, phaseSequence } from '../../../src/core/temporal/manifestPhases';
import { phaseStatistics } from '../../../src/core/temporal/phaseStatistics';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

describe('phase statistics from the training annotations', () => {
  it('counts first phases, transitions and mean durations by hand', () => {
    const s = phaseStatistics(['a', 'b', 'c'], [
      { segments: [{ label: 'a', seconds: 10 }, { label: 'b', seconds: 20 }, { label: 'c', seconds: 30 }] },
      { segments: [{ label: 'a', seconds: 30 }, { label: 'c', seconds: 10 }, { label: 'b', seconds: 40 }] },
    ]);
    // initial: a seen twice, pseudo-count 0.1 each: (2.1, 0.1, 0.1) / 2.3
    close(s.initial[0], 2.1 / 2.3);
    close(s.initial[1], 0.1 / 2.3);
    // final: one video ends in c, the other in b.
    assert.deepEqual(s.final.map((p) => +p.toFixed(6)), [0.1, 1.1, 1.1].map((k) => +(k / 2.3).toFixed(6)));
    // from a: b once, c once → (0, 1.1, 1.1) / 2.2; from b: c once → (0.1, 0, 1.1) / 1.2; from c: b once
    assert.deepEqual(s.transitions[0].map((p) => +p.toFixed(6)), [0, 0.5, 0.5]);
    close(s.transitions[1][2], 1.1 / 1.2);
    close(s.transitions[2][1], 1.1 / 1.2);
    assert.equal(s.transitions[1][1], 0);
    assert.deepEqual(s.meanDurationSeconds, [20, 30, 20]);
    assert.equal(s.videos, 2);
  });

  it('merges adjacent segments of one label, ignores unknown labels, and gives an unseen class the mean duration', () => {
    const s = phaseStatistics(['a', 'b', 'z'], [{ segments: [{ label: 'a', seconds: 4 }, { label: 'a', seconds: 6 }, { label: 'x', seconds: 99 }, { label: 'b', seconds: 30 }] }]);
    assert.deepEqual(s.meanDurationSeconds, [10, 30, 20]);
    close(s.transitions[0][1], 1.1 / 1.2);
    assert.ok(s.priors.every((p) => p > 0));
  });

  it('reads phases from a manifest: annotated lengths for segments, frame spans for background runs', () => {
    const row = (videoId: string, time: number, cls: string, annotation: ManifestRow['annotation']): ManifestRow => ({ video: `${videoId}.mp4`, videoId, time, class: cls, split: 'train', path: `${videoId}-${time}.jpg`, annotation });
    const suturing = { index: 0, label: 'suturing', startSeconds: 9, endSeconds: 21 };
    const rows = [row('v', 12, 'suturing', suturing), row('v', 0, 'bg', null), row('v', 4, 'bg', null), row('v', 8, 'bg', null), row('v', 20, 'suturing', suturing), row('v', 16, 'suturing', suturing), row('v', 24, 'bg', null), row('w', 0, 'bg', null)];
    const videos = framesByVideo(rows);
    assert.deepEqual(videos.map((v) => [v.videoId, v.rows.map((r) => r.time)]), [['v', [0, 4, 8, 12, 16, 20, 24]], ['w', [0]]]);
    assert.equal(datasetStep(videos), 4);
    // bg 0–8 (+ one step), suturing as annotated (9–21), bg at 24 (one step).
    assert.deepEqual(phaseSequence(videos[0], 4).segments, [{ label: 'bg', seconds: 12 }, { label: 'suturing', seconds: 12 }, { label: 'bg', seconds: 4 }]);
  });
});
