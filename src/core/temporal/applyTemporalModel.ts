import { argMax } from '../metrics/classification';
import { movingAverageScores } from '../predictions/temporalFilter';
import type { FramePredictions } from '../predictions/types';
import type { TemporalModel } from './types';
import { viterbiDecode } from './viterbi';

export interface TemporalDecoding {
  /** Class index (into predictions.classes) of every frame. */
  readonly classes: number[];
  /** The scores each frame's class is read from: smoothed for smoothing, the frames' own otherwise. */
  readonly scores: number[][];
}

/** Frames of a window: at least one, whatever the step. */
export const windowFrames = (windowSeconds: number, stepSeconds: number): number => Math.max(1, Math.round(windowSeconds / stepSeconds));

/** The class of every frame of one video under a temporal model; frames are `stepSeconds` apart. */
export function applyTemporalModel(predictions: FramePredictions, model: TemporalModel, stepSeconds: number): TemporalDecoding {
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
      const { statistics } = model;
      const order = statistics.classes.map((c) => predictions.classes.indexOf(c));
      const missing = statistics.classes.filter((_, k) => order[k] < 0);
      if (missing.length) throw new Error(`The temporal model knows classes the classifier does not (${missing.join(', ')}): it belongs to another run.`);
      const reordered = predictions.scores.map((s) => order.map((c) => s[c]));
      const path = viterbiDecode(reordered, statistics, { emissionWeight: model.emissionWeight, priorCorrection: model.priorCorrection, stepSeconds });
      return { classes: path.map((k) => order[k]), scores: predictions.scores.map((s) => [...s]) };
    }
  }
}
