import type { SegmentScores } from '../../shared/timelineProtocol';
import type { TimeSegment } from './types';

/** The scores of one label (the threshold is the whole result's). */
export type SegmentScore = Omit<SegmentScores, 'iouThreshold'>;

export interface SegmentMetrics extends SegmentScores {
  /** The same, per label (every label that is predicted or true). */
  readonly perLabel: Record<string, SegmentScore>;
}

/** Intersection over union of two spans; 0 when they do not overlap. */
export function iou(a: TimeSegment, b: TimeSegment): number {
  const intersection = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = a.end - a.start + (b.end - b.start) - intersection;
  return union > 0 ? intersection / union : 0;
}

/**
 * Segment-level detection scores, as in temporal action detection: per label, pairs with
 * IoU ≥ threshold are matched greedily, best IoU first, each segment at most once; a match is a
 * true positive. With nothing predicted and nothing true, every score is 1 (nothing was missed,
 * nothing was invented); otherwise an empty denominator gives 0.
 */
export function segmentMetrics(
  predicted: readonly TimeSegment[],
  truth: readonly TimeSegment[],
  iouThreshold = 0.5,
): SegmentMetrics {
  const labels = [...new Set([...predicted, ...truth].map((s) => s.label))].sort();
  const perLabel: Record<string, SegmentScore> = {};
  for (const label of labels) {
    const p = predicted.filter((s) => s.label === label);
    const t = truth.filter((s) => s.label === label);
    perLabel[label] = score(greedyMatches(p, t, iouThreshold), p.length, t.length);
  }
  const matched = Object.values(perLabel).reduce((sum, s) => sum + s.matched, 0);
  return { ...score(matched, predicted.length, truth.length), iouThreshold, perLabel };
}

function greedyMatches(predicted: readonly TimeSegment[], truth: readonly TimeSegment[], threshold: number): number {
  const pairs: Array<{ p: number; t: number; iou: number }> = [];
  predicted.forEach((a, p) =>
    truth.forEach((b, t) => {
      const value = iou(a, b);
      if (value >= threshold && value > 0) pairs.push({ p, t, iou: value });
    }),
  );
  pairs.sort((a, b) => b.iou - a.iou || a.p - b.p || a.t - b.t);
  const usedP = new Set<number>();
  const usedT = new Set<number>();
  for (const pair of pairs) {
    if (usedP.has(pair.p) || usedT.has(pair.t)) continue;
    usedP.add(pair.p);
    usedT.add(pair.t);
  }
  return usedP.size;
}

function score(matched: number, predicted: number, truth: number): SegmentScore {
  if (!predicted && !truth) return { matched, predicted, truth, precision: 1, recall: 1, f1: 1 };
  const precision = predicted ? matched / predicted : 0;
  const recall = truth ? matched / truth : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { matched, predicted, truth, precision, recall, f1 };
}
