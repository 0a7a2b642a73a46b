/**
 * The channel between the extension host and the Training dashboard webview.
 * The host reads run folders and sends their data; the webview never reads files itself.
 * Handshake: the webview posts 'ready', then the host sends 'runs' (and later 'run' updates).
 */
import type { EpochMetrics } from './workerProtocol';

export const DASHBOARD_VIEW_TYPE = 'surgeryClassifier.dashboard';

export const SMOOTHING_MAX = 0.999;

export interface StepPoint {
  readonly step: number;
  readonly loss: number;
  readonly accuracy: number;
}

/** What a run was trained with: shown side by side for the runs on the dashboard. */
export interface RunSettings {
  readonly baseModel?: string;
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly hiddenUnits?: number;
  readonly batchSize?: number;
  readonly backend?: string;
}

export interface ClassScores {
  readonly className: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

/** The field's figures of one reading of one test video: accuracies and macro-F1 0–1, edit and F1@k 0–100. */
export interface VideoFigures {
  readonly frames: number;
  readonly correct: number;
  readonly frameAccuracy: number;
  readonly editScore: number;
  readonly f1At10: number;
  readonly f1At25: number;
  readonly f1At50: number;
  readonly macroF1: number;
  /** The accuracy of always answering the video's most frequent true class. */
  readonly majorityBaseline: number;
}

/**
 * Two ways to aggregate per-video figures over a test set (core/metrics/segmentation computes both).
 * They differ whenever videos differ in length or in segment count, so a report says which it shows.
 */
export interface SegmentationSummary {
  readonly videos: number;
  /**
   * Mean over videos of each per-video figure: every video weighs the same. This is how colincsl's
   * metrics.py averages accuracy, edit and overlap F1 over a list of videos, and how Cholec80 papers
   * average accuracy.
   */
  readonly mean: Omit<VideoFigures, 'frames' | 'correct'>;
  /**
   * Pooled as ms-tcn eval.py does: accuracy = all correct frames / all frames (long videos weigh
   * more); F1@k from tp/fp/fn summed over videos; edit = the mean of per-video edit scores, because
   * eval.py averages edit rather than pooling it.
   */
  readonly pooled: Pick<VideoFigures, 'frameAccuracy' | 'editScore' | 'f1At10' | 'f1At25' | 'f1At50'>;
}

/** The run's temporal model against frame-only predictions on its test videos (evaluation.json's `temporal`). */
export interface TemporalEvaluation {
  /** The model's name: "hmm (weight 0.5)", "smoothing 12 s", … */
  readonly model: string;
  /** Classes left out of segments (edit and F1). */
  readonly background: string[];
  readonly perVideo: Array<{
    readonly videoId: string;
    readonly frameOnly: VideoFigures;
    readonly temporal: VideoFigures;
  }>;
  readonly frameOnly: SegmentationSummary;
  readonly temporal: SegmentationSummary;
}

export interface RunEvaluation {
  readonly split: string;
  readonly classes: string[];
  readonly accuracy: number;
  /** confusion[true][predicted]. */
  readonly confusion: number[][];
  readonly perClass: ClassScores[];
  readonly prCurves: Record<string, Array<{ threshold: number; precision: number; recall: number }>>;
  /** Absent for runs trained before runs had a temporal model. */
  readonly temporal?: TemporalEvaluation;
}

/** A picture the run logged for TensorBoard (logs/) and the dashboard (<run>/images/images.json). */
export interface RunImage {
  readonly kind: 'samples' | 'misclassified';
  /** Its TensorBoard tag: samples/<class>, misclassified/<true>/as_<predicted>. */
  readonly tag: string;
  readonly title: string;
  /** Which frames, in grid order (Markdown bold around class names). */
  readonly caption: string;
  /** Relative to the run folder. */
  readonly file: string;
  readonly width: number;
  readonly height: number;
  /** The file as a webview URI: set by the host, never read from the run. */
  readonly src: string;
}

/** The basis points of WeightDistribution.percentiles (TensorBoard's DISTRIBUTIONS bands). */
export const DISTRIBUTION_BASIS_POINTS = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000] as const;

/** One weight tensor of the head over the epochs (<run>/distributions.jsonl). */
export interface WeightDistribution {
  /** head/<layer>/<kernel|bias>, the histogram's TensorBoard tag. */
  readonly name: string;
  readonly epochs: number[];
  /** percentiles[i]: the values at DISTRIBUTION_BASIS_POINTS in epochs[i]. */
  readonly percentiles: number[][];
}

/** What a run logged beyond its curves; absent for runs trained before it existed. */
export interface RunInsights {
  readonly images: RunImage[];
  readonly distributions: WeightDistribution[];
}

export interface RunData {
  /** The run folder's name (unique in its runs folder). */
  readonly id: string;
  readonly status: 'running' | 'completed' | 'cancelled' | 'failed' | 'unknown';
  readonly settings: RunSettings;
  readonly steps: StepPoint[];
  readonly epochs: EpochMetrics[];
  readonly evaluation?: RunEvaluation;
  readonly insights?: RunInsights;
}

/** What the panel restores after a reload (webview state, and the serializer's argument). */
export interface DashboardState {
  readonly runsFolder: string;
  /** Run ids switched off; new runs show up switched on. */
  readonly hiddenRuns: string[];
  readonly smoothing: number;
}

export type ToDashboard =
  | { readonly type: 'runs'; readonly runs: RunData[]; readonly live: string | undefined }
  | { readonly type: 'run'; readonly run: RunData; readonly live: string | undefined };

export type FromDashboard = { readonly type: 'ready' } | { readonly type: 'state'; readonly state: DashboardState };

export function isFromDashboard(value: unknown): value is FromDashboard {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'ready' || (type === 'state' && isDashboardState((value as { state?: unknown }).state));
}

export function isDashboardState(value: unknown): value is DashboardState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof DashboardState, unknown>>;
  return (
    typeof v.runsFolder === 'string' &&
    Array.isArray(v.hiddenRuns) &&
    v.hiddenRuns.every((r) => typeof r === 'string') &&
    typeof v.smoothing === 'number'
  );
}

export const clampSmoothing = (value: number): number =>
  Number.isFinite(value) ? Math.min(SMOOTHING_MAX, Math.max(0, value)) : 0.6;
