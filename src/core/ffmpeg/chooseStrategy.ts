import {
  MAX_SEEKS_PER_PROCESS,
  MIN_CHUNK_SECONDS,
  PROCESS_SECONDS,
  SEEK_INPUT_SECONDS,
  frameDecodeSeconds,
  wallSeconds,
} from './costModel';
import { groupByFrame, seekBatches, seekSpans, selectSpans, spanFrames } from './decodeSpans';
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
 *   process of `seeksPerProcess` inputs (≤ 25, in whole rounds of `cores` processes).
 * - wall time: the processes started in order on `cores` slots (wallSeconds).
 * Dense targets (step ≲ keyframe interval) favour select, sparse ones seek; targets on keyframes
 * (a whole-second grid with 1-s GOPs) make seeking nearly free.
 * `cores` is the number of ffmpeg processes this video may run at once.
 */
export function chooseStrategy(probe: VideoProbe, times: readonly number[], cores: number): Strategy {
  return estimateStrategies(probe, times, cores)[0].strategy;
}

/** Both strategies with their estimates, cheapest first (ties go to select, the simpler one). */
export function estimateStrategies(probe: VideoProbe, times: readonly number[], cores: number): StrategyEstimate[] {
  const clock = new FrameClock(probe);
  const { frames } = groupByFrame(
    clock,
    times.map((time) => ({ time })),
  );
  const lanes = Math.max(1, Math.floor(cores));
  const decode = frameDecodeSeconds(probe);
  if (!frames.length) return [{ strategy: { kind: 'select', chunks: 1 }, seconds: 0, decodedFrames: 0 }];

  const wholeSpan = frames[frames.length - 1].index - clock.decodeStart(frames[0].index) + 1;
  const chunks = Math.max(1, Math.min(lanes, frames.length, Math.floor((wholeSpan * decode) / MIN_CHUNK_SECONDS)));
  const select = selectSpans(clock, frames, chunks);
  const selectJobs = select.map((span) => spanFrames(span) * decode + PROCESS_SECONDS);

  const seeks = seekSpans(clock, frames);
  // Whole rounds of `lanes` processes, each process as full as possible but at most 25 seeks.
  const rounds = Math.ceil(seeks.length / (lanes * MAX_SEEKS_PER_PROCESS));
  const seeksPerProcess = Math.max(1, Math.ceil(seeks.length / (lanes * rounds)));
  const seekJobs = seekBatches(seeks, seeksPerProcess).map(
    (batch) => sum(batch.map((span) => spanFrames(span) * decode + SEEK_INPUT_SECONDS)) + PROCESS_SECONDS,
  );

  const estimates: StrategyEstimate[] = [
    {
      strategy: { kind: 'select', chunks },
      seconds: wallSeconds(selectJobs, lanes),
      decodedFrames: sum(select.map(spanFrames)),
    },
    {
      strategy: { kind: 'seek', seeksPerProcess },
      seconds: wallSeconds(seekJobs, lanes),
      decodedFrames: sum(seeks.map(spanFrames)),
    },
  ];
  return estimates.sort((a, b) => a.seconds - b.seconds);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
