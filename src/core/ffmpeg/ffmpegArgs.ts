import type { DecodeSpan, TargetFrame } from './decodeSpans';
import type { FrameClock } from './frameClock';
import { fileUrl } from './fileUrl';

export interface OutputFormat {
  /** JPEG quality 1–100. */
  readonly jpegQuality: number;
  /** Shorter side after scaling; undefined keeps the size. */
  readonly shortSide?: number;
}

/**
 * ffmpeg arguments. Every frame is picked by a window on ffmpeg's own clock (`-copyts`: the
 * container's timestamps, untouched), so where a seek lands only changes how much is decoded,
 * never which frame is written:
 * - `-seek_timestamp 1` makes `-ss` a container timestamp (not offset by the file's start time,
 *   which ffmpeg versions compute differently);
 * - `-noaccurate_seek` leaves every decoded frame to the filters (the windows do the cutting);
 * - `trim=end` ends the input after the last window, `select` keeps the frames inside windows;
 * - `-vsync 0` passes frames through (image muxers otherwise default to constant-rate duplication).
 * The default autorotate stays on, so scaling applies to the upright picture.
 */
const HEAD = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-copyts', '-vsync', '0'];

/** One decode pass writing its frames, in time order, as concatenated JPEGs to stdout. */
export function selectPassArgs(
  clock: FrameClock,
  file: string,
  span: DecodeSpan<unknown>,
  format: OutputFormat,
): string[] {
  return [
    ...HEAD,
    ...inputArgs(clock, file, span),
    '-map',
    `0:${clock.probe.streamIndex}`,
    '-vf',
    filterChain(clock, span.frames, format),
    // One frame more than expected: a surplus frame shows up as a count mismatch instead of being cut off.
    '-frames:v',
    String(span.frames.length + 1),
    ...encoderArgs(format),
    '-f',
    'image2pipe',
    'pipe:1',
  ];
}

/** Several seeking inputs in one process; each target frame goes to its own file. */
export function seekBatchArgs(
  clock: FrameClock,
  file: string,
  spans: readonly DecodeSpan<unknown>[],
  outputFiles: readonly (readonly string[])[],
  format: OutputFormat,
): string[] {
  const args = [...HEAD];
  for (const span of spans) args.push(...inputArgs(clock, file, span));
  spans.forEach((span, input) => {
    span.frames.forEach((frame, k) => {
      args.push(
        '-map',
        `${input}:${clock.probe.streamIndex}`,
        '-vf',
        filterChain(clock, [frame], format),
        '-frames:v',
        '1',
        ...encoderArgs(format),
      );
      args.push('-f', 'image2', '-update', '1', fileUrl(outputFiles[input][k]));
    });
  });
  return args;
}

/** Decoder options, and a seek when the span does not start at the beginning. */
function inputArgs(clock: FrameClock, file: string, span: DecodeSpan<unknown>): string[] {
  const seekTo = seekPoint(clock, span);
  const seek = seekTo === undefined ? [] : ['-seek_timestamp', '1', '-noaccurate_seek', '-ss', seekTo];
  return ['-threads', '1', ...seek, '-i', fileUrl(file)];
}

/**
 * Where to seek so that decoding starts at the span's keyframe (undefined: decode from the start).
 * ffmpeg moves every seek on a stream with B-frames 3/23 s earlier (its "dts heuristic"). Containers
 * with a sample index (MP4/MOV, Matroska/WebM) then land on the last keyframe at or before that
 * time, so the seek goes 3/23 s (+1 ms) past the keyframe, or halfway to the next keyframe when that
 * is closer: seeking to the keyframe's own time lands a whole GOP early (measured). Other
 * containers (MPEG-TS/PS, AVI, …) search timestamps and may land a little after the time asked;
 * the decoder would then skip to the next keyframe, so they seek to the keyframe's own time.
 */
export function seekPoint(clock: FrameClock, span: DecodeSpan<unknown>): string | undefined {
  const keyframe = clock.keyframeAtOrBefore(span.frames[0].index);
  if (keyframe <= 0) return undefined;
  const keyframeTime = clock.rawTime(keyframe);
  if (!seeksBySampleIndex(clock.probe.container)) return ceilMicro(keyframeTime);
  const next = clock.nextKeyframe(keyframe);
  const room = next < 0 ? Infinity : (clock.rawTime(next) - keyframeTime) / 2;
  return floorMicro(keyframeTime + Math.min(SEEK_HEURISTIC_SECONDS + 0.001, room));
}

/** ffmpeg's seek_timestamp -= 3 * AV_TIME_BASE / 23 for streams with a reorder delay (fftools, 2012 to 7.x). */
const SEEK_HEURISTIC_SECONDS = 3 / 23;

export function seeksBySampleIndex(container: string): boolean {
  return /\b(mov|mp4|matroska|webm)\b/.test(container);
}

/**
 * `trim` stops decoding after the last window; `select` keeps frames inside the windows; then
 * scaling. Between several selected frames, `setpts` spaces them 1000 s apart: the encoder's time
 * base is 1/frame rate, in which neighbouring frames of a VFR video can round to the same
 * timestamp and stop the encoder ("Invalid pts <= last").
 */
function filterChain(clock: FrameClock, frames: readonly TargetFrame<unknown>[], format: OutputFormat): string {
  const windows = frames.map((frame) => clock.window(frame.index));
  const filters = [
    `trim=end=${ceilMicro(windows[windows.length - 1].hi)}`,
    `select='${windowExpression(windows, 0, windows.length)}'`,
  ];
  if (frames.length > 1) filters.push('setpts=N*1000/TB');
  if (format.shortSide) filters.push(scaleFilter(format.shortSide));
  return filters.join(',');
}

/** A balanced `if` tree over the sorted windows: each frame is tested against log2(n) bounds, not n. */
function windowExpression(windows: readonly { lo: number; hi: number }[], from: number, to: number): string {
  if (to - from === 1) return `between(t,${floorMicro(windows[from].lo)},${ceilMicro(windows[from].hi)})`;
  const middle = (from + to) >>> 1;
  const bound = floorMicro(windows[middle].lo);
  const below = windowExpression(windows, from, middle);
  const above = windowExpression(windows, middle, to);
  return `if(lt(t,${bound}),${below},${above})`;
}

/** Shorter side to `shortSide`, the other keeping the aspect ratio, rounded to even. */
export function scaleFilter(shortSide: number): string {
  const side = Math.round(shortSide);
  return `scale=w='if(lte(iw,ih),${side},-2)':h='if(lte(iw,ih),-2,${side})'`;
}

function encoderArgs(format: OutputFormat): string[] {
  return ['-c:v', 'mjpeg', '-q:v', String(jpegQscale(format.jpegQuality)), '-threads', '1'];
}

/** JPEG quality 100…1 → ffmpeg's mjpeg -q:v 2…31 (lower is better). */
export function jpegQscale(quality: number): number {
  const clamped = Math.min(100, Math.max(1, Number.isFinite(quality) ? quality : 90));
  return Math.round(31 - ((clamped - 1) * 29) / 99);
}

// Windows widen by at most a microsecond when printed, so a printed bound never cuts into its frame.
function floorMicro(seconds: number): string {
  return (Math.floor(seconds * 1e6) / 1e6).toFixed(6);
}

function ceilMicro(seconds: number): string {
  return (Math.ceil(seconds * 1e6) / 1e6).toFixed(6);
}
