import { SPLITS, type SplitFractions, type SplitName } from './extractionSettings';
import { stableHash } from './stableHash';

/**
 * Assigns whole videos to train/validation/test, so that neighbouring frames of one video never
 * land on both sides (the original workflow's hash-of-file-name split overstated accuracy).
 * Deterministic in (videos, fractions, seed, pins); every split with a non-zero share gets at
 * least one video when there are enough videos.
 */
export function splitVideos(
  videoKeys: readonly string[],
  fractions: SplitFractions,
  seed: string,
  pins: Readonly<Record<string, SplitName>> = {},
): Map<string, SplitName> {
  const result = new Map<string, SplitName>();
  const free: string[] = [];
  for (const key of videoKeys) {
    const pinned = pins[key];
    if (pinned) result.set(key, pinned);
    else free.push(key);
  }
  const targets = targetCounts(videoKeys.length, fractions);
  const remaining = new Map<SplitName, number>();
  for (const split of SPLITS) {
    const pinnedHere = [...result.values()].filter((s) => s === split).length;
    remaining.set(split, Math.max(0, targets.get(split)! - pinnedHere));
  }
  // Shuffle by a seeded hash; fill the smaller splits first so that they are never starved.
  free.sort((a, b) => stableHash(seed, a) - stableHash(seed, b) || (a < b ? -1 : 1));
  const order: SplitName[] = ['test', 'validation', 'train'];
  let cursor = 0;
  for (const split of order) {
    const want = split === 'train' ? free.length - cursor : Math.min(remaining.get(split)!, free.length - cursor);
    for (let i = 0; i < want; i++) result.set(free[cursor++], split);
  }
  return result;
}

/** Videos per split: proportional, at least one in each split with a share when there are enough videos. */
function targetCounts(total: number, fractions: SplitFractions): Map<SplitName, number> {
  const sum = fractions.train + fractions.validation + fractions.test;
  const counts = new Map<SplitName, number>();
  const nonZero = SPLITS.filter((s) => fractions[s] > 0);
  for (const split of SPLITS) {
    const exact = (total * fractions[split]) / sum;
    let count = Math.round(exact);
    if (fractions[split] > 0 && count === 0 && total >= nonZero.length) count = 1;
    counts.set(split, count);
  }
  // Train takes what is left after validation and test; it keeps at least one when it has a share.
  const trainCount = total - counts.get('validation')! - counts.get('test')!;
  counts.set('train', Math.max(0, trainCount));
  if (fractions.train > 0 && trainCount < 1 && total >= nonZero.length) {
    const larger: SplitName = counts.get('validation')! >= counts.get('test')! ? 'validation' : 'test';
    counts.set(larger, counts.get(larger)! - 1);
    counts.set('train', 1);
  }
  return counts;
}
