/**
 * Temporal models: how a run turns per-frame class scores of a whole video into phases that last.
 * They are plain data (saved in <run>/temporal.json) so the CLI, the worker and the timeline panel
 * decode the same way.
 */

/** Phase statistics of the training videos, in the run's class order. */
export interface PhaseStatistics {
  readonly classes: readonly string[];
  /** P(first segment of a video has class c). */
  readonly initial: readonly number[];
  /** P(last segment of a video has class c): a decoding ends where the training videos end. */
  readonly final: readonly number[];
  /** transitions[i][j]: P(the segment after one of class i has class j); the diagonal is 0. */
  readonly transitions: ReadonlyArray<readonly number[]>;
  /** Mean length in seconds of a segment of each class. */
  readonly meanDurationSeconds: readonly number[];
  /** Share of training time in each class. */
  readonly priors: readonly number[];
  /** Videos the statistics come from. */
  readonly videos: number;
}

import type { TcnParameters } from './tcn';

export type TemporalModel =
  /** Each frame keeps the class of its highest score. */
  | { readonly kind: 'frame' }
  /** Scores averaged over a centred window. */
  | { readonly kind: 'smoothing'; readonly windowSeconds: number }
  /**
   * An HMM over the frame scores, decoded by Viterbi: transitions between classes and geometric
   * segment durations from the training annotations, so phases follow the order the data show.
   */
  | {
      readonly kind: 'hmm';
      readonly statistics: PhaseStatistics;
      /** Exponent of the frame scores: below 1 trusts the phase statistics more than the frames. */
      readonly emissionWeight: number;
      /** 1: scores divided by the class priors (posteriors → scaled likelihoods); 0: used as they are. */
      readonly priorCorrection: number;
    }
  /**
   * A temporal convolution network (MS-TCN refinement stage) over the frame scores, trained on the
   * training videos' out-of-fold scores. It reads frames `stepSeconds` apart (other steps are resampled).
   */
  | {
      readonly kind: 'tcn';
      readonly classes: readonly string[];
      readonly stepSeconds: number;
      readonly parameters: TcnParameters;
    };

export type TemporalKind = TemporalModel['kind'];

export const TEMPORAL_KINDS: readonly TemporalKind[] = ['frame', 'smoothing', 'hmm', 'tcn'];

/** A short name for tables and logs: "hmm (weight 0.5)", "smoothing 9 s". */
export function describeTemporalModel(model: TemporalModel): string {
  switch (model.kind) {
    case 'frame':
      return 'frame only';
    case 'smoothing':
      return `smoothing ${round(model.windowSeconds)} s`;
    case 'hmm':
      return model.priorCorrection === 1
        ? `hmm (weight ${model.emissionWeight})`
        : `hmm (weight ${model.emissionWeight}, prior ${model.priorCorrection})`;
    case 'tcn':
      return `tcn (${model.parameters.layers.length} layers)`;
  }
}

const round = (value: number): number => Math.round(value * 100) / 100;
