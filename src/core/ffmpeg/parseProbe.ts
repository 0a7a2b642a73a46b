import type { VideoProbe } from './types';

/** The parts of `ffprobe -show_streams -show_format -show_entries packet=… -of json` read here. */
export interface FfprobeOutput {
  readonly streams?: readonly FfprobeStream[];
  readonly format?: { readonly format_name?: string; readonly duration?: string };
  readonly packets?: readonly FfprobePacket[];
}

export interface FfprobeStream {
  readonly index: number;
  readonly codec_type?: string;
  readonly width?: number;
  readonly height?: number;
  readonly time_base?: string;
  readonly avg_frame_rate?: string;
  readonly duration?: string;
  readonly disposition?: { readonly attached_pic?: number };
  readonly tags?: { readonly rotate?: string };
  readonly side_data_list?: ReadonlyArray<{ readonly rotation?: number }>;
}

export interface FfprobePacket {
  readonly stream_index: number;
  readonly pts?: number;
  readonly dts?: number;
  readonly flags?: string;
}

export type ParsedProbe =
  | {
      readonly ok: true;
      readonly probe: VideoProbe;
      readonly timeBase: number;
      readonly firstTicks: number;
      readonly timesFromDts: boolean;
    }
  | { readonly ok: false; readonly problem: string };

/**
 * Turns ffprobe's packet list into the frame clock. Packets are demuxed, not decoded, so this is
 * fast; their presentation times, sorted, are the frames' display times. Packets the demuxer marks
 * discard (D: the part of a GOP an edit list cuts off) are never shown and are left out.
 * `logTail` is ffprobe's stderr, used to spot files cut short.
 */
export function parseProbe(output: FfprobeOutput, logTail: string): ParsedProbe {
  const stream = output.streams?.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!stream) return { ok: false, problem: 'has no video stream' };
  const timeBase = parseRatio(stream.time_base);
  if (!(timeBase > 0))
    return { ok: false, problem: `has a video stream without a time base (${stream.time_base ?? 'none'})` };

  const ticks: number[] = [];
  const keyTicks: number[] = [];
  let timesFromDts = false;
  for (const packet of output.packets ?? []) {
    if (packet.stream_index !== stream.index || packet.flags?.includes('D')) continue;
    if (packet.pts === undefined) timesFromDts = true;
    const tick = packet.pts ?? packet.dts;
    if (tick === undefined) continue;
    ticks.push(tick);
    if (packet.flags?.startsWith('K')) keyTicks.push(tick);
  }
  if (!ticks.length) return { ok: false, problem: 'contains no video frames (it is empty or cut short)' };
  const sorted = uniqueSorted(ticks);
  const firstTicks = sorted[0];
  // Integer ticks times num / den: t = k/30 comes out as the same double the caller computes.
  const [num, den] = [timeBaseNumerator(stream.time_base!), timeBaseDenominator(stream.time_base!)];
  const toSeconds = (tick: number) => ((tick - firstTicks) * num) / den;
  const framePts = sorted.map(toSeconds);
  const keyframePts = uniqueSorted(keyTicks.filter((tick) => tick >= firstTicks)).map(toSeconds);

  const frameDurations = framePts.slice(1).map((t, i) => t - framePts[i]);
  const typicalFrame = frameDurations.length ? median(frameDurations) : 1 / (parseRatio(stream.avg_frame_rate) || 30);
  const lastEnd = framePts[framePts.length - 1] + typicalFrame;
  const streamDuration = Number(stream.duration);
  if (streamDuration > lastEnd + Math.max(0.5, 2 * typicalFrame) || /partial file|ended prematurely/i.test(logTail)) {
    return {
      ok: false,
      problem:
        'is cut short: ' +
        `${Number.isFinite(streamDuration) ? `its header promises ${streamDuration.toFixed(1)} s but ` : ''}its ` +
        `frames stop at ${lastEnd.toFixed(1)} s`,
    };
  }
  const tolerance = Math.max(0.1 * typicalFrame, 1.5 * timeBase);
  const keyframeGaps = keyframePts.slice(1).map((t, i) => t - keyframePts[i]);
  const duration = streamDuration > 0 ? streamDuration : lastEnd;

  return {
    ok: true,
    timeBase,
    firstTicks,
    timesFromDts,
    probe: {
      duration,
      fps: roundMicro(
        framePts.length > 1 ? (framePts.length - 1) / framePts[framePts.length - 1] : parseRatio(stream.avg_frame_rate),
      ),
      vfr: frameDurations.some((d) => Math.abs(d - typicalFrame) > tolerance),
      width: stream.width ?? 0,
      height: stream.height ?? 0,
      rotation: rotationOf(stream),
      keyframeInterval: keyframeGaps.length ? median(keyframeGaps) : duration,
      framePts,
      keyframePts,
      streamIndex: stream.index,
      startTime: (firstTicks * num) / den,
      container: output.format?.format_name ?? '',
    },
  };
}

/**
 * Clockwise degrees a player turns the picture. Newer ffprobe reports the display matrix, whose
 * `rotation` is counter-clockwise; older ones a `rotate` tag, which is clockwise.
 */
export function rotationOf(stream: FfprobeStream): number {
  const matrix = stream.side_data_list?.find((entry) => typeof entry.rotation === 'number');
  const clockwise = matrix ? -matrix.rotation! : Number(stream.tags?.rotate ?? 0);
  if (!Number.isFinite(clockwise)) return 0;
  return (((Math.round(clockwise / 90) * 90) % 360) + 360) % 360;
}

function roundMicro(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function parseRatio(text: string | undefined): number {
  if (!text) return 0;
  const [num, den] = text.split('/').map(Number);
  return den ? num / den : Number(num) || 0;
}

const timeBaseNumerator = (text: string) => Number(text.split('/')[0]);
const timeBaseDenominator = (text: string) => Number(text.split('/')[1] ?? 1);

function uniqueSorted(values: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  const unique: number[] = [];
  for (const value of sorted) if (unique[unique.length - 1] !== value) unique.push(value);
  return unique;
}

function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
