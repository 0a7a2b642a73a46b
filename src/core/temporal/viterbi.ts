import type { PhaseStatistics } from './types';

export interface HmmDecoding {
  /** Emission exponent (see TemporalModel 'hmm'). */
  readonly emissionWeight: number;
  readonly priorCorrection: number;
  /** Seconds between the scored frames: turns mean durations into the chance of staying. */
  readonly stepSeconds: number;
}

/** Floor of a frame score: a classifier that says 0 must not make a phase impossible. */
const MIN_SCORE = 1e-6;

/**
 * The most likely class of every frame under an HMM whose states are the classes: a segment of
 * class c lasts a geometric number of frames with mean d_c = meanDuration_c / step (stay with
 * 1 − 1/d_c), then moves to class j with transitions[c][j]; a video starts and ends in the classes
 * the training videos start and end in (initial, final). Log space, O(frames × classes²).
 */
export function viterbiDecode(
  scores: ReadonlyArray<ArrayLike<number>>,
  statistics: PhaseStatistics,
  options: HmmDecoding,
): number[] {
  const n = statistics.classes.length;
  const frames = scores.length;
  if (!frames) return [];
  const logStay = statistics.meanDurationSeconds.map((seconds) =>
    Math.log(stayProbability(seconds, options.stepSeconds)),
  );
  const logMove = statistics.transitions.map((row, i) =>
    row.map((p, j) => (i === j ? -Infinity : Math.log(1 - Math.exp(logStay[i])) + Math.log(p))),
  );
  const logPrior = statistics.priors.map((p) => Math.log(p));
  const emission = (t: number, c: number): number =>
    options.emissionWeight * (Math.log(Math.max(MIN_SCORE, scores[t][c])) - options.priorCorrection * logPrior[c]);

  let delta = statistics.initial.map((p, c) => Math.log(p) + emission(0, c));
  const back: Int32Array[] = [];
  for (let t = 1; t < frames; t++) {
    const from = new Int32Array(n);
    const next = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      let best = delta[j] + logStay[j];
      let arg = j;
      for (let i = 0; i < n; i++) {
        if (i === j) continue;
        const value = delta[i] + logMove[i][j];
        if (value > best) {
          best = value;
          arg = i;
        }
      }
      from[j] = arg;
      next[j] = best + emission(t, j);
    }
    back.push(from);
    delta = next;
  }
  const ending = delta.map((d, c) => d + Math.log(statistics.final[c]));
  const path = new Array<number>(frames);
  path[frames - 1] = ending.indexOf(Math.max(...ending));
  for (let t = frames - 1; t > 0; t--) path[t - 1] = back[t - 1][path[t]];
  return path;
}

/** Mean of d frames ⇒ stay with 1 − 1/d; a segment shorter than a frame still stays a little. */
export function stayProbability(meanSeconds: number, stepSeconds: number): number {
  const frames = meanSeconds / stepSeconds;
  return Math.min(1 - 1e-9, Math.max(0.05, 1 - 1 / Math.max(1, frames)));
}
