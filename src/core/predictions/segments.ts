import { argMax } from '../metrics/classification';
import { applyTemporalModel } from '../temporal/applyTemporalModel';
import type { TemporalModel } from '../temporal/types';
import { majorityFilter, movingAverageScores } from './temporalFilter';
import type { FramePredictions, PredictedSegment } from './types';

export interface SegmentOptions {
  /** Seconds one frame stands for; default: the median gap between frame times (1 s for a single frame). */
  readonly step?: number;
  /** A class whose segments are not reported (the "nothing happens" class, e.g. not-suturing). */
  readonly background?: string;
  /** Segment ends are clamped to this. */
  readonly durationSeconds?: number;
  /** Temporal smoothing over a window of `window` frames: mean of scores, or majority vote of classes. */
  readonly smoothing?: { readonly kind: 'mean' | 'majority'; readonly window: number };
  /** A run's temporal model; when given it decides every frame's class and `smoothing` is not used. */
  readonly temporal?: TemporalModel;
}

/** The class of each frame after the optional smoothing or temporal model, and the scores the classes came from. */
export function frameLabels(
  predictions: FramePredictions,
  smoothing?: SegmentOptions['smoothing'],
  temporal?: { readonly model: TemporalModel; readonly step: number },
): { labels: string[]; scores: number[][] } {
  if (temporal) {
    const decoded = applyTemporalModel(predictions, temporal.model, temporal.step);
    return { labels: decoded.classes.map((c) => predictions.classes[c]), scores: decoded.scores };
  }
  const scores =
    smoothing?.kind === 'mean'
      ? movingAverageScores(predictions.scores, smoothing.window)
      : predictions.scores.map((s) => [...s]);
  const argMaxes = scores.map((s) => argMax(s));
  const classes = smoothing?.kind === 'majority' ? majorityFilter(argMaxes, smoothing.window) : argMaxes;
  return { labels: classes.map((c) => predictions.classes[c]), scores };
}

/**
 * Consecutive frames with the same class become one segment [t_i, t_j + step): each frame stands
 * for the time until the next one, as the frames were taken every `step` seconds.
 */
export function predictedSegments(predictions: FramePredictions, options: SegmentOptions = {}): PredictedSegment[] {
  const step = frameStep(predictions, options);
  return segmentsOf(
    predictions,
    frameLabels(predictions, options.smoothing, options.temporal && { model: options.temporal, step }),
    options,
  );
}

/** The step the options give, else the median gap between frames; never ≤ 0. */
export function frameStep(predictions: FramePredictions, options: Pick<SegmentOptions, 'step'>): number {
  const step = options.step ?? medianGap(predictions.times);
  if (!(step > 0)) throw new RangeError(`The frame step must be > 0 seconds, got ${step}.`);
  return step;
}

/** The segments of frame labels already decided (by frameLabels): a video is decoded once. */
export function segmentsOf(
  predictions: FramePredictions,
  decided: { readonly labels: readonly string[]; readonly scores: ReadonlyArray<readonly number[]> },
  options: SegmentOptions = {},
): PredictedSegment[] {
  const { times } = predictions;
  const step = frameStep(predictions, options);
  const { labels, scores } = decided;
  const segments: PredictedSegment[] = [];
  let from = 0;
  for (let i = 1; i <= times.length; i++) {
    if (i < times.length && labels[i] === labels[from]) continue;
    const label = labels[from];
    const c = predictions.classes.indexOf(label);
    let sum = 0;
    for (let j = from; j < i; j++) sum += scores[j][c];
    const end = times[i - 1] + step;
    segments.push({
      label,
      start: times[from],
      end: options.durationSeconds === undefined ? end : Math.min(end, options.durationSeconds),
      frames: i - from,
      meanScore: sum / (i - from),
    });
    from = i;
  }
  return segments.filter((s) => s.label !== options.background && s.end > s.start);
}

function medianGap(times: readonly number[]): number {
  if (times.length < 2) return 1;
  const gaps = times
    .slice(1)
    .map((t, i) => t - times[i])
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}
