import type { TimeSegment } from './types';

/** The true class at time t: the label of the first segment with start ≤ t < end, else the background class. */
export function labelAt(time: number, truth: readonly TimeSegment[], background: string): string {
  return truth.find((s) => s.start <= time && time < s.end)?.label ?? background;
}

/** Share of frames whose predicted class equals the class the annotations give their time (0 with no frames). */
export function frameAccuracy(
  frames: { readonly times: readonly number[]; readonly labels: readonly string[] },
  truth: readonly TimeSegment[],
  background: string,
): number {
  if (!frames.times.length) return 0;
  const correct = frames.times.filter((t, i) => frames.labels[i] === labelAt(t, truth, background)).length;
  return correct / frames.times.length;
}
