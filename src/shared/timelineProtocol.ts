/**
 * The channel between the extension host and the Video timeline webview.
 * The host runs the model (in the worker), reads the annotation file and the frames, and computes
 * segments and metrics; the webview only draws and asks. Handshake: the webview posts 'ready', the
 * host answers 'show' (and later 'progress', 'evaluation', 'frame', 'saved', 'error').
 */
import type { VideoPrediction } from './workerProtocol';

export const TIMELINE_VIEW_TYPE = 'surgeryClassifier.timeline';

/** Where a timeline's data comes from: a run's classifier on one video, and optionally its annotations. */
export interface TimelineSource {
  readonly runDir: string;
  readonly video: string;
  /** Annotation file (absolute path) with the ground truth of this video. */
  readonly annotations?: string;
  /** The video's entry in `annotations` (as text: 5 and "5" are the same). */
  readonly videoId?: string;
}

/** The model's scores on one video (the worker's VideoPrediction, plus how it was taken). */
export interface TimelinePrediction extends VideoPrediction {
  readonly everySeconds: number;
}

export interface TimelineSegment {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** Segment-level scores at an IoU threshold (core/predictions/segmentMetrics computes them). */
export interface SegmentScores {
  /** Predicted segments matched to a true one. */
  readonly matched: number;
  readonly predicted: number;
  readonly truth: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly iouThreshold: number;
}

/** The field's figures of one video (ms-tcn eval.py): accuracy 0–1, the others 0–100. */
export interface FieldMetrics {
  readonly frameAccuracy: number;
  readonly editScore: number;
  readonly f1At10: number;
  readonly f1At25: number;
  readonly f1At50: number;
}

/** What the strip draws for one smoothing setting. */
export interface TimelineEvaluation {
  /** Frames averaged (1: none). */
  readonly smoothing: number;
  readonly background: string;
  /** Class of each frame after smoothing, and the (smoothed) score of that class. */
  readonly labels: readonly string[];
  readonly confidences: readonly number[];
  readonly segments: readonly TimelineSegment[];
  readonly frameAccuracy?: number;
  readonly segmentMetrics?: SegmentScores;
  /** The field's metrics of this row, with annotations. */
  readonly metrics?: FieldMetrics;
  /**
   * The run's temporal model on the same frames (not affected by the smoothing slider); absent for runs without one.
   */
  readonly temporal?: TimelineTemporal;
}

/** The run's temporal model's reading of the video: drawn beside the frame-only row. */
export interface TimelineTemporal {
  /** "hmm (weight 0.5, prior 1)", "smoothing 12 s", … */
  readonly name: string;
  readonly labels: readonly string[];
  readonly segments: readonly TimelineSegment[];
  readonly frameAccuracy?: number;
  readonly metrics?: FieldMetrics;
}

/** What the panel restores after a reload: webview state, and the serializer's argument. */
export interface TimelineState {
  readonly source: TimelineSource;
  readonly smoothing: number;
  /** Kept so that a reload shows the last result without running the model again. */
  readonly prediction?: TimelinePrediction;
}

export type ToTimeline =
  | {
      readonly type: 'show';
      readonly source: TimelineSource;
      readonly truth?: readonly TimelineSegment[];
      readonly truthNote?: string;
      readonly prediction?: TimelinePrediction;
      readonly evaluation?: TimelineEvaluation;
      readonly running: boolean;
    }
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'evaluation'; readonly evaluation: TimelineEvaluation }
  | { readonly type: 'frame'; readonly time: number; readonly uri?: string; readonly error?: string }
  | { readonly type: 'saved'; readonly file: string }
  | { readonly type: 'error'; readonly message: string };

export type FromTimeline =
  | { readonly type: 'ready' }
  | { readonly type: 'smoothing'; readonly frames: number }
  | { readonly type: 'frame'; readonly time: number }
  | { readonly type: 'save' }
  | { readonly type: 'predict' }
  | { readonly type: 'cancel' };

export const SMOOTHING_FRAMES_MAX = 51;

/** A whole number of frames in [1, SMOOTHING_FRAMES_MAX]; anything else becomes 1 (no smoothing). */
export const clampSmoothingFrames = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value)
    ? Math.min(SMOOTHING_FRAMES_MAX, Math.max(1, Math.round(value)))
    : 1;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function isFromTimeline(value: unknown): value is FromTimeline {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'save':
    case 'predict':
    case 'cancel':
      return true;
    case 'smoothing':
      return isFiniteNumber(value.frames);
    case 'frame':
      return isFiniteNumber(value.time) && value.time >= 0;
    default:
      return false;
  }
}

export function isTimelineSource(value: unknown): value is TimelineSource {
  if (!isObject(value)) return false;
  const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
  return (
    typeof value.runDir === 'string' &&
    typeof value.video === 'string' &&
    optionalString(value.annotations) &&
    optionalString(value.videoId)
  );
}

/** A prediction whose arrays agree in length (what a restored state must hold to be drawn). */
export function isTimelinePrediction(value: unknown): value is TimelinePrediction {
  if (!isObject(value)) return false;
  const { classes, times, scores } = value;
  return (
    Array.isArray(classes) &&
    classes.every((c) => typeof c === 'string') &&
    Array.isArray(times) &&
    times.every(isFiniteNumber) &&
    Array.isArray(scores) &&
    scores.length === times.length &&
    scores.every((row) => Array.isArray(row) && row.length === classes.length && row.every(isFiniteNumber)) &&
    isFiniteNumber(value.durationSeconds) &&
    typeof value.backend === 'string' &&
    isFiniteNumber(value.everySeconds) &&
    value.everySeconds > 0
  );
}

export function isTimelineState(value: unknown): value is TimelineState {
  return (
    isObject(value) &&
    isTimelineSource(value.source) &&
    isFiniteNumber(value.smoothing) &&
    (value.prediction === undefined || isTimelinePrediction(value.prediction))
  );
}
