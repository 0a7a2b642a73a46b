import { frameAccuracy } from './frameAccuracy';
import { segmentMetrics, type SegmentMetrics } from './segmentMetrics';
import { frameLabels, predictedSegments, type SegmentOptions } from './segments';
import type { FramePredictions, PredictedSegment, TimeSegment } from './types';

export interface VideoEvaluationOptions extends SegmentOptions {
  readonly background: string;
  /** The annotated segments of this video; without them only the prediction is returned. */
  readonly truth?: readonly TimeSegment[];
  readonly iouThreshold?: number;
}

export interface VideoEvaluation {
  /** Class of each frame after smoothing (what the timeline strip draws). */
  readonly labels: string[];
  /** Predicted segments, background left out. */
  readonly segments: PredictedSegment[];
  readonly frameAccuracy?: number;
  readonly segmentMetrics?: SegmentMetrics;
}

/** The one pipeline behind the CLI's predict-video and the timeline panel: smooth, segment, compare. */
export function evaluateVideo(predictions: FramePredictions, options: VideoEvaluationOptions): VideoEvaluation {
  const { labels } = frameLabels(predictions, options.smoothing);
  const segments = predictedSegments(predictions, options);
  if (!options.truth) return { labels, segments };
  return {
    labels,
    segments,
    frameAccuracy: frameAccuracy({ times: predictions.times, labels }, options.truth, options.background),
    segmentMetrics: segmentMetrics(segments, options.truth, options.iouThreshold ?? 0.5),
  };
}
