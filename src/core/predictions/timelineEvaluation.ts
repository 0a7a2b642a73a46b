import { evaluateVideo } from './evaluateVideo';
import { frameLabels } from './segments';
import type { FramePredictions, TimeSegment } from './types';

export interface TimelineOptions {
  /** Seconds between scored frames. */
  readonly everySeconds: number;
  readonly durationSeconds: number;
  /** Frames whose scores are averaged (1: no smoothing), as the CLI's --smooth. */
  readonly smoothing: number;
  readonly background: string;
  readonly truth?: readonly TimeSegment[];
}

export interface TimelineResult {
  readonly smoothing: number;
  readonly background: string;
  readonly labels: string[];
  /** Score of each frame's class after smoothing: what the strip's height shows. */
  readonly confidences: number[];
  readonly segments: TimeSegment[];
  readonly frameAccuracy?: number;
  readonly segmentMetrics?: { matched: number; predicted: number; truth: number; precision: number; recall: number; f1: number; iouThreshold: number };
}

/** The class the model uses for "nothing happens": Extract Frames lists it last, and so does the CLI's default. */
export const defaultBackground = (classes: readonly string[]): string => classes[classes.length - 1] ?? '';

/**
 * The timeline's view of one prediction at one smoothing: the same pipeline as the CLI's
 * predict-video (evaluateVideo with a moving average of the scores), plus per-frame confidences.
 */
export function timelineEvaluation(predictions: FramePredictions, options: TimelineOptions): TimelineResult {
  const smoothing = options.smoothing > 1 ? { kind: 'mean' as const, window: options.smoothing } : undefined;
  const evaluation = evaluateVideo(predictions, {
    background: options.background, step: options.everySeconds, durationSeconds: options.durationSeconds, truth: options.truth, smoothing,
  });
  const { scores } = frameLabels(predictions, smoothing);
  const confidences = evaluation.labels.map((label, i) => scores[i][predictions.classes.indexOf(label)] ?? 0);
  const segments = evaluation.segments.map(({ label, start, end }) => ({ label, start, end }));
  const m = evaluation.segmentMetrics;
  return {
    smoothing: options.smoothing,
    background: options.background,
    labels: evaluation.labels,
    confidences,
    segments,
    ...(evaluation.frameAccuracy === undefined ? {} : { frameAccuracy: evaluation.frameAccuracy }),
    ...(m ? { segmentMetrics: { matched: m.matched, predicted: m.predicted, truth: m.truth, precision: m.precision, recall: m.recall, f1: m.f1, iouThreshold: m.iouThreshold } } : {}),
  };
}
