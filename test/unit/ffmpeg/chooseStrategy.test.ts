import * as assert from 'node:assert/strict';
import { chooseStrategy, estimateStrategies } from '../../../src/core/ffmpeg/chooseStrategy';
import { MAX_FRAMES_PER_SELECT } from '../../../src/core/ffmpeg/costModel';
import { groupByFrame, seekBatches, seekSpans, selectSpans, spanFrames } from '../../../src/core/ffmpeg/decodeSpans';
import { jpegQscale, scaleFilter, seekPoint } from '../../../src/core/ffmpeg/ffmpegArgs';
import { FrameClock } from '../../../src/core/ffmpeg/frameClock';
import type { VideoProbe } from '../../../src/core/ffmpeg/types';

/** A CFR video as probeVideo would describe it. */
function cfrProbe(options: { seconds: number; fps?: number; gop: number; width?: number; height?: number; container?: string }): VideoProbe {
  const fps = options.fps ?? 30;
  const count = Math.round(options.seconds * fps);
  const framePts = Array.from({ length: count }, (_, k) => k / fps);
  return {
    duration: options.seconds,
    fps,
    vfr: false,
    width: options.width ?? 1280,
    height: options.height ?? 720,
    rotation: 0,
    keyframeInterval: options.gop / fps,
    framePts,
    keyframePts: framePts.filter((_, k) => k % options.gop === 0),
    streamIndex: 0,
    startTime: 0,
    container: options.container ?? 'mov,mp4,m4a,3gp,3g2,mj2',
  };
}

function grid(step: number, seconds: number, offset = 0): number[] {
  const times: number[] = [];
  for (let t = offset; t < seconds; t += step) times.push(t);
  return times;
}

describe('ffmpeg layer: chooseStrategy (cost model)', () => {
  const tenMinutes = (gop: number) => cfrProbe({ seconds: 600, gop });

  it('GOP 30, one frame every 4 s: seeking, 25 seeks per process (performance facts)', () => {
    assert.deepEqual(chooseStrategy(tenMinutes(30), grid(4, 600), 2), { kind: 'seek', seeksPerProcess: 25 });
  });

  it('GOP 250, one frame every second: one select pass per core', () => {
    assert.deepEqual(chooseStrategy(tenMinutes(250), grid(1, 600), 2), { kind: 'select', chunks: 2 });
  });

  it('GOP 30, one frame every second between keyframes: select', () => {
    assert.deepEqual(chooseStrategy(tenMinutes(30), grid(1, 600, 0.5), 2), { kind: 'select', chunks: 2 });
  });

  it('every second exactly on keyframes: seeking decodes one frame per target and wins', () => {
    const [best, other] = estimateStrategies(tenMinutes(30), grid(1, 600), 2);
    assert.equal(best.strategy.kind, 'seek');
    assert.equal(best.decodedFrames, 600);
    assert.ok(other.seconds > 1.3 * best.seconds);
  });

  it('GOP 250, one frame every 4 s: seeking, which decodes a quarter fewer frames (CPU measured 19.3 s vs 23.3 s)', () => {
    const [best, other] = estimateStrategies(tenMinutes(250), grid(4, 600), 2);
    assert.deepEqual(best.strategy, { kind: 'seek', seeksPerProcess: 18 }); // 72 keyframes with targets, 4 processes
    assert.deepEqual([best.decodedFrames, other.decodedFrames], [13392, 17762]);
  });

  it('one frame every 30 s: seeking for short and long GOPs', () => {
    assert.equal(chooseStrategy(tenMinutes(30), grid(30, 600), 2).kind, 'seek');
    assert.equal(chooseStrategy(tenMinutes(250), grid(30, 600), 2).kind, 'seek');
  });

  it('never more select chunks than cores, and no chunk whose process start would dominate', () => {
    assert.deepEqual(chooseStrategy(tenMinutes(250), grid(1, 600), 8), { kind: 'select', chunks: 8 });
    assert.deepEqual(chooseStrategy(tenMinutes(250), grid(1, 600), 1), { kind: 'select', chunks: 1 });
    const tiny = cfrProbe({ seconds: 20, gop: 250, width: 160, height: 120 });
    assert.deepEqual(chooseStrategy(tiny, grid(0.5, 20), 2), { kind: 'select', chunks: 1 });
  });

  it('spreads few seeks over the cores', () => {
    assert.deepEqual(chooseStrategy(tenMinutes(30), grid(60, 600), 2), { kind: 'seek', seeksPerProcess: 5 });
  });

  it('estimates follow the frames each plan decodes', () => {
    const [best, other] = estimateStrategies(tenMinutes(30), grid(4, 600), 2);
    assert.equal(best.strategy.kind, 'seek');
    assert.equal(best.decodedFrames, 150, 'every target sits on a keyframe');
    assert.ok(other.decodedFrames > 17_500, 'select decodes (nearly) everything up to the last target');
    assert.deepEqual(estimateStrategies(tenMinutes(30), [], 2)[0].strategy, { kind: 'select', chunks: 1 });
  });
});

describe('ffmpeg layer: decode spans and arguments', () => {
  const probe = cfrProbe({ seconds: 600, gop: 250 });
  const clock = new FrameClock(probe);

  it('maps a time to the first frame at or after it, and keeps requests past the end apart', () => {
    const requests = [0, 1 / 30, 1 / 30 - 1e-9, 1 / 30 + 1e-9, 0.05, 599.9666, 600].map((time) => ({ time }));
    const { frames, pastEnd } = groupByFrame(clock, requests);
    assert.deepEqual(frames.map((f) => [f.index, f.requests.length]), [[0, 1], [1, 2], [2, 2], [17999, 1]]);
    assert.deepEqual(pastEnd, [{ time: 600 }]);
  });

  it('select spans: parallel parts, cut at gaps worth a process, at most MAX_FRAMES_PER_SELECT frames each', () => {
    const { frames } = groupByFrame(clock, grid(4, 600).map((time) => ({ time })));
    const two = selectSpans(clock, frames, 2);
    assert.equal(two.length, 2);
    assert.equal(two[0].frames.length + two[1].frames.length, 150);
    assert.equal(two[1].decodeFrom % 250, 0, 'a part starts at a keyframe');

    const clustered = groupByFrame(clock, [...grid(1, 60), ...grid(1, 600, 540)].map((time) => ({ time }))).frames;
    const spans = selectSpans(clock, clustered, 1);
    assert.equal(spans.length, 2, 'the 8 minutes between the clusters are not decoded');
    assert.ok(spans.every((span) => spanFrames(span) < 2000));

    const dense = groupByFrame(clock, grid(0.1, 100).map((time) => ({ time }))).frames;
    assert.ok(selectSpans(clock, dense, 1).every((span) => span.frames.length <= MAX_FRAMES_PER_SELECT));
  });

  it('seek spans: one input per keyframe, batched by seeks per process', () => {
    const { frames } = groupByFrame(clock, [1, 2, 9, 100, 101].map((time) => ({ time })));
    const spans = seekSpans(clock, frames);
    assert.deepEqual(spans.map((s) => [s.decodeFrom, s.frames.length]), [[0, 2], [250, 1], [3000, 2]]);
    assert.deepEqual(seekBatches(spans, 2).map((b) => b.length), [2, 1]);
  });

  it('seek points land on the span keyframe in the way each container needs', () => {
    const at = (index: number, container?: string) => {
      const c = container ? new FrameClock({ ...probe, container }) : clock;
      return seekPoint(c, { decodeFrom: c.decodeStart(index), frames: [{ index, requests: [] }] });
    };
    assert.equal(at(100), undefined, 'the first GOP decodes from the start');
    const near = (text: string | undefined, expected: number) => assert.ok(text !== undefined && Math.abs(Number(text) - expected) <= 1e-6, `${text} ≈ ${expected}`);
    near(at(250), 250 / 30 + 3 / 23 + 0.001); // MP4: past ffmpeg's 3/23 s pull-back, or it lands a GOP early
    near(at(260, 'mpegts'), 250 / 30); // MPEG-TS: the keyframe itself, rounded up
    assert.ok(Number(at(260, 'mpegts')) >= 250 / 30);
    const shortGop = new FrameClock(cfrProbe({ seconds: 10, gop: 4 }));
    near(seekPoint(shortGop, { decodeFrom: 4, frames: [{ index: 5, requests: [] }] }), 6 / 30); // at most halfway to the next keyframe
  });

  it('JPEG quality maps onto ffmpeg’s -q:v scale, and scaling keeps the aspect with even sides', () => {
    assert.deepEqual([100, 90, 50, 1].map(jpegQscale), [2, 5, 17, 31]);
    assert.equal(scaleFilter(256), "scale=w='if(lte(iw,ih),256,-2)':h='if(lte(iw,ih),-2,256)'");
  });
});
