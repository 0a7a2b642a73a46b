/** Shapes shared by whole-video prediction, its metrics and its export. */

/** The model's output on frames taken every few seconds of one video. */
export interface FramePredictions {
  /** Class names, in the model's output order. */
  readonly classes: readonly string[];
  /** Seconds of each scored frame, ascending. */
  readonly times: readonly number[];
  /** scores[i][c]: probability of classes[c] at times[i]. */
  readonly scores: ReadonlyArray<readonly number[]>;
}

/** A labelled time span [start, end), in seconds. */
export interface TimeSegment {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

export interface PredictedSegment extends TimeSegment {
  /** Frames merged into this segment. */
  readonly frames: number;
  /** Mean score of the segment's class over its frames (after any score smoothing). */
  readonly meanScore: number;
}
