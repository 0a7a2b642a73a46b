import * as assert from 'node:assert/strict';
import { clampSmoothingFrames, isFromTimeline, isTimelineState } from '../../../src/shared/timelineProtocol';

describe('timeline protocol guards (messages and restored state arrive as unknown)', () => {
  it('accepts the webview’s messages and nothing else', () => {
    for (const message of [{ type: 'ready' }, { type: 'save' }, { type: 'predict' }, { type: 'cancel' }, { type: 'smoothing', frames: 5 }, { type: 'frame', time: 12.5 }]) assert.ok(isFromTimeline(message), JSON.stringify(message));
    for (const message of [null, 'ready', { type: 'smoothing', frames: 'x' }, { type: 'frame', time: -1 }, { type: 'frame', time: Number.NaN }, { type: 'open', file: '/etc/passwd' }]) assert.ok(!isFromTimeline(message), JSON.stringify(message));
  });

  it('restores a state only when its prediction is whole (arrays of matching lengths)', () => {
    const source = { runDir: '/runs/a', video: '/v/clip.mp4', annotations: '/a.annotations.json', videoId: '5' };
    const prediction = { classes: ['suturing', 'not-suturing'], times: [0, 2], scores: [[0.9, 0.1], [0.2, 0.8]], durationSeconds: 4, backend: 'wasm', everySeconds: 2 };
    assert.ok(isTimelineState({ source, smoothing: 3 }));
    assert.ok(isTimelineState({ source, smoothing: 3, prediction }));
    assert.ok(!isTimelineState({ source, smoothing: 3, prediction: { ...prediction, times: [0] } }));
    assert.ok(!isTimelineState({ source, smoothing: 3, prediction: { ...prediction, scores: [[0.9], [0.2]] } }));
    assert.ok(!isTimelineState({ source, smoothing: 3, prediction: { ...prediction, everySeconds: 0 } }));
    assert.ok(!isTimelineState({ source: { runDir: '/runs/a' }, smoothing: 3 }));
    assert.ok(!isTimelineState({ source, smoothing: '3' }));
  });

  it('smoothing is a whole number of frames from 1 to 51', () => {
    assert.equal(clampSmoothingFrames(3), 3);
    assert.equal(clampSmoothingFrames(4.6), 5);
    assert.equal(clampSmoothingFrames(0), 1);
    assert.equal(clampSmoothingFrames(500), 51);
    assert.equal(clampSmoothingFrames('7'), 1);
    assert.equal(clampSmoothingFrames(Number.NaN), 1);
  });
});
