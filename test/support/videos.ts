import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The binaries the tests use: the npm builds the extension ships. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the installers have no types
export const FFMPEG = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the installers have no types
export const FFPROBE = (require('@ffprobe-installer/ffprobe') as { path: string }).path;

/** The static ffprobe crashes on MPEG-TS unless iconv is kept from loading the system's modules (see toolProcess.ts). */
const TOOL_ENV = { ...process.env, GCONV_PATH: '/dev/null/no-gconv-modules' };

/**
 * Every frame is one flat colour that encodes its own index n (its number in display order):
 * luma 16 + (n mod 24)·8, Cb 16 + (⌊n/24⌋ mod 28)·8, Cr 16 + ⌊n/672⌋·8 — all inside video range
 * and 8 levels apart, so H.264 and JPEG round-trips and scaling cannot blur one index into another.
 * Good for 18 816 frames.
 */
const INDEX_PICTURE = "geq=lum='16+mod(N,24)*8':cb='16+mod(floor(N/24),28)*8':cr='16+mod(floor(N/672),28)*8'";

export interface TestVideos {
  readonly dir: string;
  /** 20 s, 30 fps, a keyframe every second. */
  readonly cfrShortGop: string;
  /** 20 s, 30 fps, a keyframe every 250 frames (8.3 s). */
  readonly cfrLongGop: string;
  /** ~19.6 s, frame durations from 13 to 53 ms (pts = n/30 + 0.4·sin(n/20)). */
  readonly vfr: string;
  /** cfrShortGop cut at 3.5 s with `-c copy`: an edit list hides the start of its first GOP. */
  readonly editList: string;
  /** The short-GOP video in MPEG-TS (starts at 1.4 s, seeking by timestamp search). */
  readonly transportStream: string;
  /** The VFR video in Matroska (millisecond timestamps). */
  readonly matroska: string;
  /** The short-GOP video in AVI (no presentation times, B-frames). */
  readonly avi: string;
  /** Left half white, right half black, with `-metadata:s:v:0 rotate=90`. */
  readonly rotated: string;
  /** Random bytes named .mp4. */
  readonly corrupt: string;
  /** The first half of an MP4 whose index (moov) is at the end. */
  readonly truncated: string;
  /** The first half of an MP4 whose index is at the start: the index promises frames that are not there. */
  readonly truncatedFastStart: string;
}

/** Makes the test videos in a new temporary folder (about a second); remove it with `removeTestVideos`. */
export function makeTestVideos(): TestVideos {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-videos-'));
  const at = (name: string) => path.join(dir, name);
  const encode = (name: string, source: string, extra: string[]) =>
    ffmpeg(['-f', 'lavfi', '-i', source, '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '12', '-pix_fmt', 'yuv420p', ...extra, at(name)]);
  const indexed = (seconds: number, filters = '') => `color=c=black:s=160x120:r=30:d=${seconds},format=yuv420p,${INDEX_PICTURE}${filters}`;

  encode('cfr-gop30.mp4', indexed(20), ['-g', '30', '-keyint_min', '30', '-sc_threshold', '0']);
  encode('cfr-gop250.mp4', indexed(20), ['-g', '250', '-keyint_min', '250', '-sc_threshold', '0']);
  encode('vfr.mp4', indexed(20, ",settb=1/90000,setpts='(N/30+0.4*sin(N/20))/TB'"), ['-vsync', 'vfr', '-video_track_timescale', '90000', '-g', '30']);
  ffmpeg(['-ss', '3.5', '-i', at('cfr-gop30.mp4'), '-c', 'copy', at('edit-list.mp4')]);
  ffmpeg(['-i', at('cfr-gop30.mp4'), '-c', 'copy', at('cfr-gop30.ts')]);
  ffmpeg(['-i', at('vfr.mp4'), '-c', 'copy', at('vfr.mkv')]);
  ffmpeg(['-i', at('cfr-gop30.mp4'), '-c', 'copy', at('cfr-gop30.avi')]);
  encode('half.mp4', 'color=c=black:s=160x120:r=30:d=2,drawbox=x=0:y=0:w=80:h=120:c=white:t=fill', ['-g', '30']);
  ffmpeg(['-i', at('half.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', at('rotated.mp4')]);

  fs.writeFileSync(at('corrupt.mp4'), Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 7919 + 13) % 251)));
  const whole = fs.readFileSync(at('cfr-gop30.mp4'));
  fs.writeFileSync(at('truncated.mp4'), whole.subarray(0, whole.length >> 1));
  ffmpeg(['-i', at('cfr-gop30.mp4'), '-c', 'copy', '-movflags', '+faststart', at('faststart.mp4')]);
  const fastStart = fs.readFileSync(at('faststart.mp4'));
  fs.writeFileSync(at('truncated-faststart.mp4'), fastStart.subarray(0, fastStart.length >> 1));

  return {
    dir,
    cfrShortGop: at('cfr-gop30.mp4'),
    cfrLongGop: at('cfr-gop250.mp4'),
    vfr: at('vfr.mp4'),
    editList: at('edit-list.mp4'),
    transportStream: at('cfr-gop30.ts'),
    matroska: at('vfr.mkv'),
    avi: at('cfr-gop30.avi'),
    rotated: at('rotated.mp4'),
    corrupt: at('corrupt.mp4'),
    truncated: at('truncated.mp4'),
    truncatedFastStart: at('truncated-faststart.mp4'),
  };
}

export function removeTestVideos(videos: TestVideos | undefined): void {
  if (videos) fs.rmSync(videos.dir, { recursive: true, force: true });
}

/** A longer, busier 640×360 clip (decoding takes a noticeable time): for cancelling mid-run. */
export function makeBusyVideo(dir: string, seconds: number): string {
  const file = path.join(dir, `busy-${seconds}s.mp4`);
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=s=640x360:r=30:d=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '250', '-pix_fmt', 'yuv420p', file]);
  return file;
}

/**
 * The display time of every frame as ffmpeg decodes it, read independently of the code under test:
 * decoded frames' best-effort timestamps (not packets), in display order, first frame = 0.
 * Returns the times and the index encoded in the first shown frame (non-zero after an edit list).
 */
export function decodedFrameTimes(video: string): { times: number[]; firstIndex: number } {
  const output = execFileSync(FFPROBE, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=time_base:frame=best_effort_timestamp', '-of', 'json', video], { env: TOOL_ENV, maxBuffer: 1 << 28 });
  const parsed = JSON.parse(output.toString('utf8')) as { streams: Array<{ time_base: string }>; frames: Array<{ best_effort_timestamp: number }> };
  const [num, den] = parsed.streams[0].time_base.split('/').map(Number);
  const ticks = parsed.frames.map((frame) => frame.best_effort_timestamp);
  const first = ticks[0];
  const firstFrame = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-first-')), 'first.jpg');
  ffmpeg(['-i', video, '-frames:v', '1', firstFrame]);
  const firstIndex = jpegFrameIndices([firstFrame])[0];
  fs.rmSync(path.dirname(firstFrame), { recursive: true, force: true });
  return { times: ticks.map((tick) => ((tick - first) * num) / den), firstIndex };
}

/** The frame index each JPEG shows (see INDEX_PICTURE), decoding them all in one ffmpeg run. */
export function jpegFrameIndices(jpegs: readonly string[]): number[] {
  if (!jpegs.length) return [];
  const input = Buffer.concat(jpegs.map((file) => fs.readFileSync(file)));
  const result = spawnSync(FFMPEG, ['-v', 'error', '-f', 'image2pipe', '-c:v', 'mjpeg', '-i', 'pipe:0', '-vf', 'crop=iw/4:ih/4:iw*3/8:ih*3/8,scale=1:1:flags=area', '-f', 'rawvideo', '-pix_fmt', 'yuv444p', 'pipe:1'], { input, env: TOOL_ENV, maxBuffer: 1 << 26 });
  if (result.status !== 0) throw new Error(`decoding test JPEGs failed: ${result.stderr.toString()}`);
  const bytes = result.stdout;
  if (bytes.length !== 3 * jpegs.length) throw new Error(`expected ${jpegs.length} decoded pictures, got ${bytes.length / 3}`);
  const level = (value: number) => Math.round((value - 16) / 8);
  return jpegs.map((_, i) => level(bytes[3 * i + 2]) * 672 + level(bytes[3 * i + 1]) * 24 + level(bytes[3 * i]));
}

/** Width and height of a picture, and its mean luma per half (top, bottom, left, right), to check orientation. */
export function pictureLayout(jpeg: string): { width: number; height: number; top: number; bottom: number; left: number; right: number } {
  const probe = JSON.parse(execFileSync(FFPROBE, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'json', jpeg], { env: TOOL_ENV }).toString('utf8')) as { streams: Array<{ width: number; height: number }> };
  const { width, height } = probe.streams[0];
  const gray = execFileSync(FFMPEG, ['-v', 'error', '-i', jpeg, '-vf', 'scale=2:2:flags=area,format=gray', '-f', 'rawvideo', 'pipe:1'], { env: TOOL_ENV });
  const [topLeft, topRight, bottomLeft, bottomRight] = [...gray];
  return { width, height, top: (topLeft + topRight) / 2, bottom: (bottomLeft + bottomRight) / 2, left: (topLeft + bottomLeft) / 2, right: (topRight + bottomRight) / 2 };
}

function ffmpeg(args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args], { env: TOOL_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
}
