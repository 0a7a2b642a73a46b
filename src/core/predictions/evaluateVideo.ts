import { segmentationScores } from '../metrics/segmentation';
import type { FieldMetrics } from '../../shared/timelineProtocol';
import { frameAccuracy, labelAt } from './frameAccuracy';
import { segmentMetrics, type SegmentMetrics } from './segmentMetrics';
import { frameLabels, frameStep, segmentsOf, type SegmentOptions } from './segments';
import type { FramePredictions, PredictedSegment, TimeSegment } from './types';

export interface VideoEvaluationOptions extends SegmentOptions {
  /** The annotated segments of this video; without them only the prediction is returned. */
  readonly truth?: readonly TimeSegment[];
  readonly iouThreshold?: number;
}

export interface VideoEvaluation {
  /** Class of each frame after smoothing or the temporal model (what the timeline strip draws). */
  readonly labels: string[];
  /** Predicted segments, background left out. */
  readonly segments: PredictedSegment[];
  readonly frameAccuracy?: number;
  readonly segmentMetrics?: SegmentMetrics;
  /** The field's metrics over the scored frames (ms-tcn eval.py), background left out of segments. */
  readonly metrics?: FieldMetrics;
}

/** The one pipeline behind the CLI's predict-video, evaluate and the timeline panel: decode, segment, compare. */
export function evaluateVideo(predictions: FramePredictions, options: VideoEvaluationOptions): VideoEvaluation {
  const step = frameStep(predictions, options);
  const decided = frameLabels(predictions, options.smoothing, options.temporal && { model: options.temporal, step });
  const { labels } = decided;
  const segments = segmentsOf(predictions, decided, options);
  if (!options.truth) return { labels, segments };
  const background = options.background ?? '';
  return {
    labels,
    segments,
    frameAccuracy: frameAccuracy({ times: predictions.times, labels }, options.truth, background),
    segmentMetrics: segmentMetrics(segments, options.truth, options.iouThreshold ?? 0.5),
    metrics: fieldMetrics(
      predictions.times.map((t) => labelAt(t, options.truth!, background)),
      labels,
      options.background,
    ),
  };
}

/** Frame accuracy (0–1), edit and F1@{10,25,50} (0–100) of one video's frame labels. */
export function fieldMetrics(
  truth: readonly string[],
  predicted: readonly string[],
  background?: string,
): FieldMetrics {
  const s = segmentationScores(truth, predicted, { background: background ? [background] : [] });
  return {
    frameAccuracy: s.frameAccuracy,
    editScore: s.editScore,
    f1At10: s.f1At10,
    f1At25: s.f1At25,
    f1At50: s.f1At50,
  };
}
