import { argMax } from '../metrics/classification';
import { movingAverageScores } from '../predictions/temporalFilter';
import type { FramePredictions } from '../predictions/types';
import type { TemporalModel } from './types';
import { resampleIndices, tcnForward } from './tcn';
import { viterbiDecode } from './viterbi';

export interface TemporalDecoding {
  /** Class index (into predictions.classes) of every frame. */
  readonly classes: number[];
  /** The scores each frame's class is read from: smoothed for smoothing, the frames' own otherwise. */
  readonly scores: number[][];
}

/** Frames of a window: at least one, whatever the step. */
export const windowFrames = (windowSeconds: number, stepSeconds: number): number =>
  Math.max(1, Math.round(windowSeconds / stepSeconds));

/** The class of every frame of one video under a temporal model; frames are `stepSeconds` apart. */
export function applyTemporalModel(
  predictions: FramePredictions,
  model: TemporalModel,
  stepSeconds: number,
): TemporalDecoding {
  if (!(stepSeconds > 0)) throw new RangeError(`The frame step must be > 0 seconds, got ${stepSeconds}.`);
  switch (model.kind) {
    case 'frame': {
      const scores = predictions.scores.map((s) => [...s]);
      return { classes: scores.map((s) => argMax(s)), scores };
    }
    case 'smoothing': {
      const scores = movingAverageScores(predictions.scores, windowFrames(model.windowSeconds, stepSeconds));
      return { classes: scores.map((s) => argMax(s)), scores };
    }
    case 'hmm': {
      const order = classOrder(model.statistics.classes, predictions.classes);
      const reordered = predictions.scores.map((s) => order.map((c) => s[c]));
      const path = viterbiDecode(reordered, model.statistics, {
        emissionWeight: model.emissionWeight,
        priorCorrection: model.priorCorrection,
        stepSeconds,
      });
      return { classes: path.map((k) => order[k]), scores: predictions.scores.map((s) => [...s]) };
    }
    case 'tcn': {
      const order = classOrder(model.classes, predictions.classes);
      const reordered = predictions.scores.map((s) => order.map((c) => s[c]));
      // Read at the step the network learnt, then each frame takes the decision nearest in time.
      const same = Math.abs(stepSeconds - model.stepSeconds) < 1e-6;
      const picked = same ? reordered.map((_, i) => i) : resampleIndices(predictions.times, model.stepSeconds);
      const decided = tcnForward(
        model.parameters,
        picked.map((i) => reordered[i]),
      ).map((p) => argMax(p));
      const first = predictions.times[0] ?? 0;
      const nearest = (i: number) =>
        same
          ? i
          : Math.min(decided.length - 1, Math.max(0, Math.round((predictions.times[i] - first) / model.stepSeconds)));
      return {
        classes: predictions.scores.map((_, i) => order[decided[nearest(i)]]),
        scores: predictions.scores.map((s) => [...s]),
      };
    }
  }
}

/** Where each of the model's classes is in the classifier's output. */
function classOrder(modelClasses: readonly string[], classifierClasses: readonly string[]): number[] {
  const order = modelClasses.map((c) => classifierClasses.indexOf(c));
  const missing = modelClasses.filter((_, k) => order[k] < 0);
  if (missing.length)
    throw new Error(
      `The temporal model knows classes the classifier does not (${missing.join(', ')}): it belongs to another run.`,
    );
  return order;
}
