/** Label statistics and typo suggestions. */

export type LabelCounts = ReadonlyMap<string, number>;

export function addCounts(into: Map<string, number>, from: LabelCounts): void {
  for (const [label, count] of from) into.set(label, (into.get(label) ?? 0) + count);
}

/** Damerau-free Levenshtein distance with an early exit once it exceeds limit. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** How far apart two labels may be to count as a typo of one another. */
export const typoLimit = (label: string): number => (label.length <= 4 ? 1 : label.length <= 10 ? 2 : 3);

/**
 * The label that `label` most likely misspells: close in spelling (case and separators ignored
 * first) and clearly more common. Undefined when there is no such label.
 */
export function suggestLabel(label: string, counts: LabelCounts, minRatio = 3): string | undefined {
  const own = counts.get(label) ?? 1;
  let best: { label: string; distance: number; count: number } | undefined;
  for (const [candidate, count] of counts) {
    if (candidate === label || count < own * minRatio) continue;
    const distance = labelDistance(label, candidate);
    if (distance > typoLimit(candidate)) continue;
    if (!best || distance < best.distance || (distance === best.distance && count > best.count)) {
      best = { label: candidate, distance, count };
    }
  }
  return best?.label;
}

/** The closest allowed label, for a label outside a configured list. */
export function closestAllowed(label: string, allowed: readonly string[]): string | undefined {
  let best: { label: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = labelDistance(label, candidate);
    if (distance <= typoLimit(candidate) && (!best || distance < best.distance)) best = { label: candidate, distance };
  }
  return best?.label;
}

const normalize = (label: string): string => label.toLowerCase().replace(/[\s_-]+/g, '-');

/** Case and separator differences ("Suturing", "suturing_") count as half a typo. */
function labelDistance(a: string, b: string): number {
  const normalized = editDistance(normalize(a), normalize(b), 4);
  return normalized === 0 ? 0.5 : normalized;
}
