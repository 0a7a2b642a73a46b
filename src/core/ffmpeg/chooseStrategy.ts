import { MAX_SEEKS_PER_PROCESS, MIN_CHUNK_SECONDS, PROCESS_SECONDS, SEEK_INPUT_SECONDS, frameDecodeSeconds } from './costModel';
import { groupByFrame, seekSpans, selectSpans, spanFrames, type DecodeSpan } from './decodeSpans';
import { FrameClock } from './frameClock';
import type { Strategy, VideoProbe } from './types';

export interface StrategyEstimate {
  readonly strategy: Strategy;
  /** Estimated wall-clock seconds with `cores` processes at a time. */
  readonly seconds: number;
  /** Frames decoded in all. */
  readonly decodedFrames: number;
}

/**
 * Picks how to read `times` from a video: the plan whose estimated wall-clock time is lower.
 *
 * Cost model (seconds of one core; constants in costModel.ts):
 * - select: decode passes cover every frame from each pass's starting keyframe to its last
 *   target; the span is cut into `chunks` parallel passes (≤ cores, each ≥ MIN_CHUNK_SECONDS of
 *   decoding), plus PROCESS_SECONDS per pass.
 * - seek: one input per keyframe that has targets after it, decoding from that keyframe (the real
 *   keyframePts) to its last target, plus SEEK_INPUT_SECONDS per input and PROCESS_SECONDS per
 *   process of `seeksPerProcess` inputs (≤ 25, spread so every core gets work).
 * - wall time = total work / the number of processes that can run at once.
 * Dense targets (step ≲ keyframe interval) favour select; sparse ones seek. Measured cases, 10-minute
 * 720p: GOP 30 / step 4 s → seek; GOP 250 / step 4 s → select; step 1 s → select for both.
 * `cores` is the number of ffmpeg processes this video may run at once.
 */
export function chooseStrategy(probe: VideoProbe, times: readonly number[], cores: number): Strategy {
  return estimateStrategies(probe, times, cores)[0].strategy;
}

/** Both strategies with their estimates, cheapest first (ties go to select, the simpler one). */
export function estimateStrategies(probe: VideoProbe, times: readonly number[], cores: number): StrategyEstimate[] {
  const clock = new FrameClock(probe);
  const { frames } = groupByFrame(clock, times.map((time) => ({ time })));
  const lanes = Math.max(1, Math.floor(cores));
  const decode = frameDecodeSeconds(probe);
  if (!frames.length) return [{ strategy: { kind: 'select', chunks: 1 }, seconds: 0, decodedFrames: 0 }];

  const wholeSpan = frames[frames.length - 1].index - clock.decodeStart(frames[0].index) + 1;
  const chunks = Math.max(1, Math.min(lanes, frames.length, Math.floor((wholeSpan * decode) / MIN_CHUNK_SECONDS)));
  const select = selectSpans(clock, frames, chunks);
  const selectFrames = sum(select.map(spanFrames));
  const selectWork = selectFrames * decode + select.length * PROCESS_SECONDS;
  const selectSeconds = Math.max(selectWork / Math.min(lanes, select.length), largestSpanSeconds(select, decode));

  const seeks = seekSpans(clock, frames);
  const seeksPerProcess = Math.max(1, Math.min(MAX_SEEKS_PER_PROCESS, Math.ceil(seeks.length / lanes)));
  const processes = Math.ceil(seeks.length / seeksPerProcess);
  const seekFrames = sum(seeks.map(spanFrames));
  const seekWork = seekFrames * decode + seeks.length * SEEK_INPUT_SECONDS + processes * PROCESS_SECONDS;
  const seekSeconds = seekWork / Math.min(lanes, processes);

  const estimates: StrategyEstimate[] = [
    { strategy: { kind: 'select', chunks }, seconds: selectSeconds, decodedFrames: selectFrames },
    { strategy: { kind: 'seek', seeksPerProcess }, seconds: seekSeconds, decodedFrames: seekFrames },
  ];
  return estimates.sort((a, b) => a.seconds - b.seconds);
}

function largestSpanSeconds(spans: readonly DecodeSpan<unknown>[], decode: number): number {
  return Math.max(...spans.map((span) => spanFrames(span) * decode + PROCESS_SECONDS));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
