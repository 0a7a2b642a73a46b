import type { SpotCheckFrame, SpotCheckItem, SpotCheckSort } from '../../shared/spotCheckProtocol';
import { mulberry32 } from '../util/seededRandom';

/** What is known about an image before it is shown: its scores, and its manifest row when it has one. */
export interface ScoredImage {
  readonly image: string;
  readonly name: string;
  readonly scores?: readonly number[];
  readonly error?: string;
  readonly trueClass?: string;
  readonly frame?: SpotCheckFrame;
}

/** An item of the grid: the predicted class is the arg-max; right or wrong only when the true class is known. */
export function toItem(id: string, classes: readonly string[], scored: ScoredImage): SpotCheckItem {
  const base = {
    id,
    image: scored.image,
    name: scored.name,
    ...(scored.trueClass !== undefined ? { trueClass: scored.trueClass } : {}),
    ...(scored.frame ? { frame: scored.frame } : {}),
  };
  const scores = scored.scores;
  if (!scores || scores.length !== classes.length || !scores.every(Number.isFinite)) {
    return {
      ...base,
      error:
        scored.error ??
        (scores
          ? `${scores.length} scores for ${classes.length} classes: the run's labels.json does not match its model.`
          : 'not scored'),
    };
  }
  let best = 0;
  for (let c = 1; c < scores.length; c++) if (scores[c] > scores[best]) best = c;
  const predicted = classes[best];
  return {
    ...base,
    scores: [...scores],
    predicted,
    confidence: scores[best],
    ...(scored.trueClass !== undefined ? { correct: scored.trueClass === predicted } : {}),
  };
}

/** Rank for wrong-first: mistakes, then right or unknown, then images that failed (nothing to check). */
const group = (item: SpotCheckItem): number => (item.correct === false ? 0 : item.error !== undefined ? 2 : 1);

/**
 * The grid's order. Ties keep the given order (a stable sort), so the same input always looks the same.
 * wrong-first puts the most confident mistakes on top: those are the ones worth a look.
 */
export function orderItems(items: readonly SpotCheckItem[], sort: SpotCheckSort): SpotCheckItem[] {
  const confidence = (item: SpotCheckItem): number => item.confidence ?? -1;
  const failedLast = (a: SpotCheckItem, b: SpotCheckItem): number =>
    Number(a.error !== undefined) - Number(b.error !== undefined);
  const compare: (a: SpotCheckItem, b: SpotCheckItem) => number =
    sort === 'wrong-first'
      ? (a, b) => group(a) - group(b) || confidence(b) - confidence(a)
      : sort === 'confidence-desc'
        ? (a, b) => failedLast(a, b) || confidence(b) - confidence(a)
        : (a, b) => failedLast(a, b) || confidence(a) - confidence(b);
  return [...items].sort(compare);
}

/**
 * `n` distinct elements chosen uniformly (partial Fisher–Yates), in their original order; all of them when there are
 * fewer.
 */
export function sample<T>(values: readonly T[], n: number, seed: number): T[] {
  if (n >= values.length) return [...values];
  const random = mulberry32(seed);
  const indices = values.map((_, i) => i);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (indices.length - i));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices
    .slice(0, Math.max(0, n))
    .sort((a, b) => a - b)
    .map((i) => values[i]);
}

/** Counts for the header: how many were checked, how many are wrong. */
export function summarize(items: readonly SpotCheckItem[]): {
  total: number;
  known: number;
  wrong: number;
  failed: number;
} {
  return {
    total: items.length,
    known: items.filter((i) => i.correct !== undefined).length,
    wrong: items.filter((i) => i.correct === false).length,
    failed: items.filter((i) => i.error !== undefined).length,
  };
}
