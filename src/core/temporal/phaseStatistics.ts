import type { PhaseStatistics } from './types';

/** One video's phases in order: what the statistics are counted from. */
export interface PhaseSequence {
  readonly segments: ReadonlyArray<{ readonly label: string; readonly seconds: number }>;
}

/**
 * Pseudo-count added to every transition and first class: an order never seen in training stays
 * possible (real surgeries skip or repeat phases), only unlikely. Small, so that with two training
 * videos the order they show still dominates.
 */
const PSEUDO_COUNT = 0.1;

/**
 * Counts how the training videos move between classes and how long each class lasts. Labels that are
 * not in `classes` are ignored; a class never seen gets the mean duration of the others, so that the
 * decoder can still enter it when the frames insist.
 */
export function phaseStatistics(classes: readonly string[], videos: readonly PhaseSequence[]): PhaseStatistics {
  const n = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const initial = new Array<number>(n).fill(PSEUDO_COUNT);
  const final = new Array<number>(n).fill(PSEUDO_COUNT);
  const transitions = classes.map((_, i) => classes.map((__, j) => (i === j ? 0 : PSEUDO_COUNT)));
  const seconds = new Array<number>(n).fill(0);
  const segments = new Array<number>(n).fill(0);
  let counted = 0;
  for (const video of videos) {
    const known = mergeRepeats(video.segments.filter((s) => index.has(s.label) && s.seconds > 0));
    if (!known.length) continue;
    counted++;
    initial[index.get(known[0].label)!] += 1;
    final[index.get(known[known.length - 1].label)!] += 1;
    known.forEach((s, k) => {
      const c = index.get(s.label)!;
      seconds[c] += s.seconds;
      segments[c] += 1;
      if (k > 0) transitions[index.get(known[k - 1].label)!][c] += 1;
    });
  }
  const totalSeconds = seconds.reduce((a, b) => a + b, 0);
  const seen = segments.filter((k) => k > 0).length;
  const fallbackDuration = seen ? segments.reduce((sum, k, c) => (k ? sum + seconds[c] / k : sum), 0) / seen : 1;
  return {
    classes: [...classes],
    initial: normalise(initial),
    final: normalise(final),
    transitions: transitions.map(normalise),
    meanDurationSeconds: segments.map((k, c) => (k ? seconds[c] / k : fallbackDuration)),
    // Share of annotated time; withHeadPriors replaces it with what the head saw. Never 0: it is divided by.
    priors: normalise(seconds.map((s) => s + (totalSeconds || 1) * 1e-3)),
    videos: counted,
  };
}

/** Adjacent segments of one label are one phase (an annotator may have split it). */
function mergeRepeats(segments: PhaseSequence['segments']): Array<{ label: string; seconds: number }> {
  const merged: Array<{ label: string; seconds: number }> = [];
  for (const s of segments) {
    const last = merged[merged.length - 1];
    if (last?.label === s.label) last.seconds += s.seconds;
    else merged.push({ label: s.label, seconds: s.seconds });
  }
  return merged;
}

function normalise(values: readonly number[]): number[] {
  const sum = values.reduce((a, b) => a + b, 0);
  return values.map((v) => (sum > 0 ? v / sum : 1 / values.length));
}

/**
 * The statistics with the class shares the head saw in training (frames × class weights): the
 * head's scores are posteriors under those shares, and dividing by them gives scaled likelihoods,
 * which is what an HMM needs. With inverse-frequency class weights the shares are even, and the
 * division changes nothing; without weights it stops the frequent classes from swallowing rare ones.
 */
export function withHeadPriors(
  statistics: PhaseStatistics,
  trainCounts: readonly number[],
  classWeight: Readonly<Record<number, number>> | undefined,
): PhaseStatistics {
  const shares = trainCounts.map((n, c) => n * (classWeight?.[c] ?? 1));
  const total = shares.reduce((a, b) => a + b, 0);
  // A class the head never saw gets a small share, never 0: the division must stay finite.
  return { ...statistics, priors: normalise(shares.map((s) => s + (total || 1) * 1e-3)) };
}
