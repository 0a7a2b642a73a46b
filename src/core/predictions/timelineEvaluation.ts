import { evaluateVideo } from './evaluateVideo';
import { frameLabels } from './segments';
import type { FieldMetrics, TimelineTemporal } from '../../shared/timelineProtocol';
import type { TemporalModel } from '../temporal/types';
import type { FramePredictions, TimeSegment } from './types';

export interface TimelineOptions {
  /** Seconds between scored frames. */
  readonly everySeconds: number;
  readonly durationSeconds: number;
  /** Frames whose scores are averaged (1: no smoothing), as the CLI's --smooth. */
  readonly smoothing: number;
  /** '' when every class is a phase (nothing is left out of segments). */
  readonly background: string;
  readonly truth?: readonly TimeSegment[];
  /** The run's temporal model, decoded beside the frame-only row. */
  readonly temporal?: { readonly model: TemporalModel; readonly name: string };
}

export interface TimelineResult {
  readonly smoothing: number;
  readonly background: string;
  readonly labels: string[];
  /** Score of each frame's class after smoothing: what the strip's height shows. */
  readonly confidences: number[];
  readonly segments: TimeSegment[];
  readonly frameAccuracy?: number;
  readonly segmentMetrics?: {
    matched: number;
    predicted: number;
    truth: number;
    precision: number;
    recall: number;
    f1: number;
    iouThreshold: number;
  };
  readonly metrics?: FieldMetrics;
  readonly temporal?: TimelineTemporal;
}

/** The class the model uses for "nothing happens": Extract Frames lists it last, and so does the CLI's default. */
export const defaultBackground = (classes: readonly string[]): string => classes[classes.length - 1] ?? '';

/**
 * The background class of a run: what its temporal.json says (none for phases that cover the video),
 * else, for a run trained before it had one, the last class as Extract Frames writes it.
 */
export const runBackground = (
  classes: readonly string[],
  temporal: { readonly background: readonly string[] } | undefined,
): string => (temporal ? (temporal.background.find((b) => classes.includes(b)) ?? '') : defaultBackground(classes));

/**
 * The timeline's view of one prediction at one smoothing: the same pipeline as the CLI's
 * predict-video (evaluateVideo with a moving average of the scores), plus per-frame confidences.
 */
export function timelineEvaluation(predictions: FramePredictions, options: TimelineOptions): TimelineResult {
  const smoothing = options.smoothing > 1 ? { kind: 'mean' as const, window: options.smoothing } : undefined;
  const common = {
    background: options.background || undefined,
    step: options.everySeconds,
    durationSeconds: options.durationSeconds,
    truth: options.truth,
  };
  const evaluation = evaluateVideo(predictions, { ...common, smoothing });
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
    ...(m
      ? {
          segmentMetrics: {
            matched: m.matched,
            predicted: m.predicted,
            truth: m.truth,
            precision: m.precision,
            recall: m.recall,
            f1: m.f1,
            iouThreshold: m.iouThreshold,
          },
        }
      : {}),
    ...(evaluation.metrics ? { metrics: evaluation.metrics } : {}),
    ...(options.temporal
      ? { temporal: temporalRow(predictions, { ...common, temporal: options.temporal.model }, options.temporal.name) }
      : {}),
  };
}

function temporalRow(
  predictions: FramePredictions,
  options: Parameters<typeof evaluateVideo>[1],
  name: string,
): TimelineTemporal {
  const evaluation = evaluateVideo(predictions, options);
  return {
    name,
    labels: evaluation.labels,
    segments: evaluation.segments.map(({ label, start, end }) => ({ label, start, end })),
    ...(evaluation.frameAccuracy === undefined ? {} : { frameAccuracy: evaluation.frameAccuracy }),
    ...(evaluation.metrics ? { metrics: evaluation.metrics } : {}),
  };
}
