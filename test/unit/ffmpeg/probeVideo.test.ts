import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { locateFfmpegTools } from '../../../src/core/ffmpeg/locateTools';
import { parseProbe, rotationOf, type FfprobeOutput } from '../../../src/core/ffmpeg/parseProbe';
import { probeVideo } from '../../../src/core/ffmpeg/probeVideo';
import { VideoError, type FfmpegTools, type VideoProbe } from '../../../src/core/ffmpeg/types';
import { makeTestVideos, removeTestVideos, type TestVideos } from '../../support/videos';

describe('ffmpeg layer: probeVideo (real ffprobe)', function () {
  this.timeout(60_000);
  let videos: TestVideos;
  let tools: FfmpegTools;
  before(async () => {
    videos = makeTestVideos();
    tools = await locateFfmpegTools({});
  });
  after(() => removeTestVideos(videos));

  it('CFR, keyframe every second: duration, frame rate, exact frame times, keyframes', async () => {
    const probe = await probeVideo(tools, videos.cfrShortGop);
    assert.equal(probe.duration, 20);
    assert.equal(probe.fps, 30);
    assert.equal(probe.vfr, false);
    assert.deepEqual([probe.width, probe.height, probe.rotation], [160, 120, 0]);
    assert.equal(probe.framePts.length, 600);
    probe.framePts.forEach((t, k) => assert.equal(t, k / 30));
    assert.equal(probe.keyframeInterval, 1);
    assert.deepEqual(probe.keyframePts.slice(0, 3), [0, 1, 2]);
    assert.equal(probe.startTime, 0);
    assert.match(probe.container, /mp4/);
  });

  it('long GOP: the keyframe interval is measured, not assumed', async () => {
    const probe = await probeVideo(tools, videos.cfrLongGop);
    assert.ok(Math.abs(probe.keyframeInterval - 250 / 30) < 1e-9);
    assert.deepEqual(probe.keyframePts.length, 3);
  });

  it('VFR: flagged, with the real (uneven) frame times, in MP4 and Matroska', async () => {
    for (const file of [videos.vfr, videos.matroska]) {
      const probe = await probeVideo(tools, file);
      assert.equal(probe.vfr, true, file);
      assert.equal(probe.framePts.length, 600);
      const gaps = probe.framePts.slice(1).map((t, i) => t - probe.framePts[i]);
      assert.ok(Math.min(...gaps) < 0.02 && Math.max(...gaps) > 0.045, `uneven gaps in ${file}`);
      assert.ok(Math.abs(probe.fps - 599 / probe.framePts[599]) < 1e-5);
    }
  });

  it('puts the first shown frame at 0 and keeps the container clock in startTime (MPEG-TS, edit list, AVI)', async () => {
    const ts = await probeVideo(tools, videos.transportStream);
    assert.equal(ts.framePts[0], 0);
    assert.ok(Math.abs(ts.startTime - 1.4 - 2 / 30) < 1e-9, `MPEG-TS starts at ${ts.startTime}`);

    const cut = await probeVideo(tools, videos.editList);
    assert.equal(cut.framePts[0], 0);
    assert.equal(cut.framePts.length, 495, 'frames hidden by the edit list are not frames');
    assert.equal(cut.keyframePts[0], 0.5, 'the first shown frame is not a keyframe');

    const avi = await probeVideo(tools, videos.avi);
    assert.ok(Math.abs(avi.startTime - 2 / 30) < 1e-9, 'AVI frames show two frames (the B-frame delay) after their decode time');
    assert.equal(avi.framePts.length, 598, 'the two frames flushed from the decoder have no predictable time');
  });

  it('reads rotation as the clockwise turn a player applies', async () => {
    // ffmpeg (4.1 and 5.1 alike) writes `-metadata:s:v rotate=90` as a display matrix that players
    // show turned 270° clockwise; the grabFrames test checks that frames come out that way.
    const probe = await probeVideo(tools, videos.rotated);
    assert.equal(probe.rotation, 270);
    assert.deepEqual([probe.width, probe.height], [160, 120]);
  });

  for (const [name, pick, pattern] of [
    ['random bytes', (v: TestVideos) => v.corrupt, /Cannot read the video .*corrupt\.mp4 \(.*Invalid data found when processing input\)/],
    ['an MP4 cut in half (index at the end)', (v: TestVideos) => v.truncated, /truncated\.mp4 \(moov atom not found/],
    ['an MP4 cut in half (index at the start)', (v: TestVideos) => v.truncatedFastStart, /truncated-faststart\.mp4 is cut short: its header promises 20\.0 s but its frames stop at \d+\.\d s/],
    ['a missing file', (v: TestVideos) => path.join(v.dir, 'missing.mp4'), /missing\.mp4 was not found/],
  ] as const) {
    it(`fails with a VideoError that names the file for ${name}`, async () => {
      const file = pick(videos);
      const error = await probeVideo(tools, file).then(
        () => assert.fail('expected a VideoError'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof VideoError, String(error));
      assert.equal(error.file, file);
      assert.match(error.message, pattern);
    });
  }
});

describe('ffmpeg layer: parseProbe', () => {
  const stream = { index: 0, codec_type: 'video', width: 64, height: 48, time_base: '1/90000', avg_frame_rate: '25/1' };
  const packets = (...pts: number[]) => pts.map((p, i) => ({ stream_index: 0, pts: p, dts: p - 3600, flags: i === 0 ? 'K__' : '___' }));
  const ok = (output: FfprobeOutput): VideoProbe => {
    const parsed = parseProbe(output, '');
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
    return parsed.probe;
  };

  it('sorts packets into display order and measures from the first shown frame', () => {
    const probe = ok({ streams: [stream], packets: packets(93600, 104400, 97200, 100800) });
    assert.deepEqual(probe.framePts, [0, 0.04, 0.08, 0.12]);
    assert.equal(probe.startTime, 1.04);
    assert.equal(probe.fps, 25);
  });

  it('skips cover art, other streams and packets marked discard', () => {
    const art = { ...stream, index: 0, disposition: { attached_pic: 1 } };
    const main = { ...stream, index: 1 };
    const probe = ok({
      streams: [art, main],
      packets: [
        { stream_index: 0, pts: 0, flags: 'K__' },
        { stream_index: 1, pts: -3600, flags: 'KD_' },
        { stream_index: 1, pts: 0, flags: '___' },
        { stream_index: 1, pts: 3600, flags: '___' },
      ],
    });
    assert.equal(probe.streamIndex, 1);
    assert.deepEqual(probe.framePts, [0, 0.04]);
    assert.deepEqual(probe.keyframePts, []);
  });

  it('falls back to decode times when packets carry no presentation time', () => {
    const parsed = parseProbe({ streams: [stream], packets: [{ stream_index: 0, dts: 0, flags: 'K__' }, { stream_index: 0, dts: 3600 }] }, '');
    assert.ok(parsed.ok && parsed.timesFromDts);
  });

  it('says what is wrong when there is nothing to read', () => {
    assert.deepEqual(parseProbe({ streams: [{ index: 0, codec_type: 'audio' }] }, ''), { ok: false, problem: 'has no video stream' });
    assert.match((parseProbe({ streams: [stream], packets: [] }, '') as { problem: string }).problem, /no video frames/);
    assert.match((parseProbe({ streams: [stream], packets: packets(0, 3600) }, '[matroska] File ended prematurely') as { problem: string }).problem, /cut short/);
  });

  it('normalises rotation from display matrices (counter-clockwise) and rotate tags (clockwise)', () => {
    const rotation = (extra: object) => rotationOf({ ...stream, ...extra });
    assert.equal(rotation({ side_data_list: [{ rotation: -90 }] }), 90);
    assert.equal(rotation({ side_data_list: [{ rotation: 90 }] }), 270);
    assert.equal(rotation({ side_data_list: [{ rotation: 180 }] }), 180);
    assert.equal(rotation({ side_data_list: [{ rotation: -180 }] }), 180);
    assert.equal(rotation({ tags: { rotate: '90' } }), 90);
    assert.equal(rotation({ tags: { rotate: '-90' } }), 270);
    assert.equal(rotation({ tags: { rotate: 'x' } }), 0);
    assert.equal(rotation({}), 0);
  });

  it('flags frame durations that vary, but not timestamp rounding', () => {
    const millis = { ...stream, time_base: '1/1000' };
    const rounded = ok({ streams: [millis], packets: [0, 33, 67, 100, 133, 167, 200].map((pts) => ({ stream_index: 0, pts, flags: '___' })) });
    assert.equal(rounded.vfr, false);
    const varying = ok({ streams: [millis], packets: [0, 33, 67, 100, 150, 183, 217].map((pts) => ({ stream_index: 0, pts, flags: '___' })) });
    assert.equal(varying.vfr, true);
  });
});
