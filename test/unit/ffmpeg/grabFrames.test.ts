import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chooseStrategy } from '../../../src/core/ffmpeg/chooseStrategy';
import { grabFrames } from '../../../src/core/ffmpeg/grabFrames';
import { locateFfmpegTools } from '../../../src/core/ffmpeg/locateTools';
import { probeVideo } from '../../../src/core/ffmpeg/probeVideo';
import { VideoError, type FfmpegTools, type FrameRequest, type GrabOptions, type Strategy, type VideoProbe } from '../../../src/core/ffmpeg/types';
import { decodedFrameTimes, jpegFrameIndices, makeBusyVideo, makeTestVideos, pictureLayout, removeTestVideos, type TestVideos } from '../../support/videos';

/** At most `limit` tasks at once, like the orchestrator's pool. */
function pool(limit: number): GrabOptions['runSlot'] {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Every file below `dir`. */
function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** ffmpeg processes whose parent is this test process (Linux /proc). */
function childFfmpegs(): number[] {
  if (process.platform !== 'linux') return [];
  const found: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
      const parent = Number(rest?.split(' ')[1]);
      if (parent === process.pid && /ffmpeg/.test(comm ?? '')) found.push(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/**
 * Times that probe every way of getting a frame wrong: exactly on a frame, a hair before and after
 * it, halfway between frames, random fractions, on and just after keyframes (where seeks turn), the
 * first and the last frame. `truth` are the decoded frames' display times, first frame = 0.
 */
function trickyTimes(truth: readonly number[], keyframes: readonly number[]): number[] {
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const times = [0, truth[truth.length - 1]];
  for (let k = 1; k < truth.length - 1; k += 9) {
    times.push(truth[k], truth[k] - 1e-9, truth[k] + 1e-9, (truth[k] + truth[k + 1]) / 2, truth[k - 1] + random() * (truth[k] - truth[k - 1]));
  }
  for (const keyframe of keyframes.slice(1)) times.push(keyframe, keyframe - 1e-6, keyframe + 0.05, keyframe + 0.1, keyframe + 0.14);
  return times.filter((t) => t <= truth[truth.length - 1]);
}

describe('ffmpeg layer: grabFrames (real ffmpeg, frames that encode their own index)', function () {
  this.timeout(120_000);
  let videos: TestVideos;
  let tools: FfmpegTools;
  let out: string;
  before(async () => {
    videos = makeTestVideos();
    tools = await locateFfmpegTools({});
  });
  after(() => removeTestVideos(videos));
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-grab-'));
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  const variants: Array<[string, (v: TestVideos) => string]> = [
    ['CFR, keyframe every second', (v) => v.cfrShortGop],
    ['CFR, keyframe every 250 frames', (v) => v.cfrLongGop],
    ['VFR (MP4, 1/90000 s clock)', (v) => v.vfr],
    ['VFR (Matroska, millisecond clock)', (v) => v.matroska],
    ['MP4 cut with an edit list', (v) => v.editList],
    ['MPEG-TS (starts at 1.47 s)', (v) => v.transportStream],
    ['AVI (no presentation times)', (v) => v.avi],
  ];
  const strategies: Strategy[] = [
    { kind: 'select', chunks: 3 },
    { kind: 'seek', seeksPerProcess: 7 },
  ];

  for (const [name, pick] of variants) {
    for (const strategy of strategies) {
      it(`${name}, ${strategy.kind}: each JPEG shows the first frame at or after its time`, async () => {
        const video = pick(videos);
        const probe = await probeVideo(tools, video);
        const decoded = decodedFrameTimes(video);
        const truth = decoded.times.filter((t) => !Number.isNaN(t)); // AVI: the decoder's guessed last frames are left out
        const times = trickyTimes(truth, probe.keyframePts);
        const requests = times.map((time, i) => ({ time, target: path.join(out, i % 2 ? 'odd' : 'even', `frame-${i}.jpg`) }));
        const reported: FrameRequest[] = [];
        await grabFrames(tools, video, probe, requests, strategy, { jpegQuality: 85, runSlot: pool(2), onFrame: (r) => reported.push(r) });

        const expected = times.map((t) => decoded.firstIndex + truth.findIndex((shown) => shown >= t));
        assert.deepEqual(jpegFrameIndices(requests.map((r) => r.target)), expected);
        assert.equal(reported.length, requests.length);
        assert.deepEqual(new Set(reported), new Set(requests));
        assert.deepEqual(filesBelow(out).sort(), requests.map((r) => r.target).sort(), 'exactly the targets, no temporary files');
      });
    }
  }

  it('the strategy chooseStrategy picks is exact too', async () => {
    const probe = await probeVideo(tools, videos.vfr);
    const times = Array.from({ length: 39 }, (_, i) => i * 0.5 + 0.01);
    const requests = times.map((time, i) => ({ time, target: path.join(out, `${i}.jpg`) }));
    await grabFrames(tools, videos.vfr, probe, requests, chooseStrategy(probe, times, 2), { jpegQuality: 90, runSlot: pool(2) });
    const { times: truth } = decodedFrameTimes(videos.vfr);
    assert.deepEqual(jpegFrameIndices(requests.map((r) => r.target)), times.map((t) => truth.findIndex((shown) => shown >= t)));
  });

  it('writes one file per request when several times fall on one frame', async () => {
    const probe = await probeVideo(tools, videos.cfrShortGop);
    for (const strategy of strategies) {
      const requests = [1.01, 1.02, 1.03].map((time, i) => ({ time, target: path.join(out, strategy.kind, `${i}.jpg`) }));
      await grabFrames(tools, videos.cfrShortGop, probe, requests, strategy, { jpegQuality: 90, runSlot: pool(2) });
      assert.deepEqual(jpegFrameIndices(requests.map((r) => r.target)), [31, 31, 31]);
    }
  });

  it('scales the shorter side, keeps the aspect with even sides, and turns rotated videos upright', async () => {
    const plain = await probeVideo(tools, videos.cfrShortGop);
    const rotated = await probeVideo(tools, videos.rotated);
    for (const strategy of strategies) {
      const scaled = { time: 2, target: path.join(out, strategy.kind, 'scaled.jpg') };
      await grabFrames(tools, videos.cfrShortGop, plain, [scaled], strategy, { jpegQuality: 90, shortSide: 64, runSlot: pool(2) });
      assert.deepEqual(pictureLayout(scaled.target).width, 86); // 160 × 64/120 = 85.3 → even
      assert.deepEqual(pictureLayout(scaled.target).height, 64);
      assert.deepEqual(jpegFrameIndices([scaled.target]), [60]);

      const upright = { time: 1, target: path.join(out, strategy.kind, 'upright.jpg') };
      const uprightScaled = { time: 1.5, target: path.join(out, strategy.kind, 'upright-scaled.jpg') };
      await grabFrames(tools, videos.rotated, rotated, [upright, uprightScaled], strategy, { jpegQuality: 90, runSlot: pool(2) });
      const layout = pictureLayout(upright.target);
      assert.deepEqual([layout.width, layout.height], [120, 160]);
      // The white left half of the stored picture ends up at the top (90° clockwise) or bottom (270°).
      assert.ok(rotated.rotation === 270 ? layout.bottom > layout.top + 100 : layout.top > layout.bottom + 100, JSON.stringify(layout));
      await grabFrames(tools, videos.rotated, rotated, [uprightScaled], strategy, { jpegQuality: 90, shortSide: 64, runSlot: pool(2) });
      assert.deepEqual([pictureLayout(uprightScaled.target).width, pictureLayout(uprightScaled.target).height], [64, 86]);
    }
  });

  it('JPEG quality changes the file size', async () => {
    const busy = makeBusyVideo(out, 2);
    const busyProbe = await probeVideo(tools, busy);
    const sizes: number[] = [];
    for (const jpegQuality of [100, 10]) {
      const target = path.join(out, `q${jpegQuality}.jpg`);
      await grabFrames(tools, busy, busyProbe, [{ time: 1, target }], { kind: 'seek', seeksPerProcess: 1 }, { jpegQuality, runSlot: pool(1) });
      sizes.push(fs.statSync(target).size);
    }
    assert.ok(sizes[0] > 3 * sizes[1], `sizes ${sizes}`);
  });

  it('a time past the last frame is a VideoError naming the time, and nothing is written', async () => {
    const probe = await probeVideo(tools, videos.cfrShortGop);
    const requests = [
      { time: 1, target: path.join(out, 'a.jpg') },
      { time: 20.5, target: path.join(out, 'b.jpg') },
    ];
    await assert.rejects(grabFrames(tools, videos.cfrShortGop, probe, requests, strategies[0], { jpegQuality: 90, runSlot: pool(2) }), (error: unknown) => {
      assert.ok(error instanceof VideoError);
      assert.match(error.message, /no frame at 20\.5 s: its last frame is at 19\.967 s/);
      return true;
    });
    assert.deepEqual(filesBelow(out), []);
  });

  it('a video that fails while reading is a VideoError with ffmpeg’s explanation; no temporary file stays', async () => {
    const copy = path.join(out, 'gone.mp4');
    fs.copyFileSync(videos.cfrShortGop, copy);
    const probe = await probeVideo(tools, copy);
    fs.writeFileSync(copy, fs.readFileSync(videos.corrupt));
    for (const strategy of strategies) {
      const requests = [2, 5, 9].map((time) => ({ time, target: path.join(out, 'frames', strategy.kind, `${time}.jpg`) }));
      await assert.rejects(grabFrames(tools, copy, probe, requests, strategy, { jpegQuality: 90, runSlot: pool(2) }), (error: unknown) => {
        assert.ok(error instanceof VideoError, String(error));
        assert.equal(error.file, copy);
        assert.match(error.message, /ffmpeg could not read frames from .*gone\.mp4 \(.*(moov atom not found|Invalid data)/);
        return true;
      });
    }
    assert.deepEqual(filesBelow(path.join(out, 'frames')), []);
  });

  describe('cancelling', () => {
    let busy: string;
    let busyProbe: VideoProbe;
    before(async function () {
      this.timeout(60_000);
      busy = makeBusyVideo(videos.dir, 30);
      busyProbe = await probeVideo(tools, busy);
    });

    for (const strategy of [{ kind: 'select', chunks: 2 }, { kind: 'seek', seeksPerProcess: 5 }] as Strategy[]) {
      it(`${strategy.kind}: kills ffmpeg, leaves no partial file, keeps only whole frames, rejects with AbortError`, async () => {
        const requests = Array.from({ length: 58 }, (_, i) => ({ time: 0.25 + i * 0.5, target: path.join(out, `${i}.jpg`) }));
        const controller = new AbortController();
        let running = 0;
        let runningAtAbort = 0;
        const slots = pool(2);
        const runSlot: GrabOptions['runSlot'] = (task) =>
          slots(async () => {
            running++;
            try {
              return await task();
            } finally {
              running--;
            }
          });
        const abortSoon = () => {
          if (controller.signal.aborted) return;
          runningAtAbort = running;
          controller.abort();
        };
        // Cancel after the first frame (select) or shortly after the processes start (seek writes at the end).
        const timer = setTimeout(abortSoon, 60);
        const started = Date.now();
        await assert.rejects(
          grabFrames(tools, busy, busyProbe, requests, strategy, { jpegQuality: 90, runSlot, signal: controller.signal, onFrame: strategy.kind === 'select' ? abortSoon : undefined }),
          (error: unknown) => error instanceof Error && error.name === 'AbortError',
        );
        clearTimeout(timer);
        assert.ok(runningAtAbort > 0, 'ffmpeg was running when cancelled');
        assert.ok(Date.now() - started < 5000, 'cancelling does not wait for the work to finish');
        assert.deepEqual(childFfmpegs(), [], 'no ffmpeg process is left');
        const files = filesBelow(out);
        assert.deepEqual(files.filter((file) => !/\/\d+\.jpg$/.test(file)), [], 'no temporary file is left');
        assert.ok(files.length < requests.length, 'the run was really cut short');
        for (const file of files) {
          const bytes = fs.readFileSync(file);
          assert.deepEqual([bytes[0], bytes[1], bytes[bytes.length - 2], bytes[bytes.length - 1]], [0xff, 0xd8, 0xff, 0xd9], `${file} is whole`);
        }
      });
    }

    it('an already cancelled signal starts nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(
        grabFrames(tools, busy, busyProbe, [{ time: 1, target: path.join(out, 'x.jpg') }], { kind: 'select', chunks: 1 }, { jpegQuality: 90, runSlot: pool(1), signal: controller.signal }),
        { name: 'AbortError' },
      );
      assert.deepEqual(filesBelow(out), []);
    });
  });
});
