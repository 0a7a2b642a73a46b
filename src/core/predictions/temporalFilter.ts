/**
 * Temporal smoothing of per-frame predictions: a single odd frame inside a long segment would
 * otherwise split it in two and cost both segment precision and recall.
 * Both filters use a centred window of k frames, cut short at the ends of the video.
 */

/** Frames i − ⌊(k−1)/2⌋ … i + ⌈(k−1)/2⌉, clipped to [0, n). */
function windowOf(i: number, k: number, n: number): [number, number] {
  const before = Math.floor((k - 1) / 2);
  return [Math.max(0, i - before), Math.min(n - 1, i + (k - 1 - before))];
}

function assertWindow(k: number): void {
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`The smoothing window must be a whole number of frames ≥ 1, got ${k}.`);
}

/** Each frame's scores replaced by the mean of the scores in its window (k = 1 changes nothing). */
export function movingAverageScores(scores: ReadonlyArray<readonly number[]>, k: number): number[][] {
  assertWindow(k);
  return scores.map((_, i) => {
    const [from, to] = windowOf(i, k, scores.length);
    const mean = new Array<number>(scores[i].length).fill(0);
    for (let j = from; j <= to; j++) scores[j].forEach((s, c) => (mean[c] += s));
    return mean.map((sum) => sum / (to - from + 1));
  });
}

/**
 * Each frame's class replaced by the most frequent class in its window. On a tie the frame keeps its
 * own class when it is among the tied, else the tied class seen first in the window, so the
 * result is deterministic.
 */
export function majorityFilter<T>(labels: readonly T[], k: number): T[] {
  assertWindow(k);
  return labels.map((own, i) => {
    const [from, to] = windowOf(i, k, labels.length);
    const counts = new Map<T, number>();
    for (let j = from; j <= to; j++) counts.set(labels[j], (counts.get(labels[j]) ?? 0) + 1);
    const best = Math.max(...counts.values());
    if (counts.get(own) === best) return own;
    for (const [label, count] of counts) if (count === best) return label;
    return own;
  });
}
