/** Evaluation of a classifier on labelled examples: what evaluation.json and the result panels show. */

export interface ClassMetrics {
  readonly className: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Examples whose true class is this one. */
  readonly support: number;
}

export interface PrPoint {
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
}

export interface ClassificationReport {
  readonly accuracy: number;
  readonly examples: number;
  /** confusion[true][predicted], in the order of `classes`. */
  readonly confusion: number[][];
  readonly perClass: ClassMetrics[];
  readonly macroF1: number;
  /** One-vs-rest precision-recall curve of each class, from its score. */
  readonly prCurves: Record<string, PrPoint[]>;
}

/** `scores[i]` are the class probabilities of example i; `truth[i]` its true class index. */
export function classificationReport(
  classes: readonly string[],
  truth: readonly number[],
  scores: ReadonlyArray<ArrayLike<number>>,
): ClassificationReport {
  const n = classes.length;
  const confusion = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  let correct = 0;
  truth.forEach((t, i) => {
    const predicted = argMax(scores[i]);
    confusion[t][predicted]++;
    if (predicted === t) correct++;
  });
  const perClass = classes.map((className, c) => {
    const tp = confusion[c][c];
    const predicted = confusion.reduce((sum, row) => sum + row[c], 0);
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { className, precision, recall, f1, support };
  });
  const prCurves = Object.fromEntries(
    classes.map((className, c) => [
      className,
      prCurve(
        truth.map((t) => t === c),
        scores.map((s) => s[c]),
      ),
    ]),
  );
  return {
    accuracy: truth.length ? correct / truth.length : 0,
    examples: truth.length,
    confusion,
    perClass,
    macroF1: perClass.reduce((sum, m) => sum + m.f1, 0) / Math.max(1, n),
    prCurves,
  };
}

export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Precision and recall at every distinct score threshold (score ≥ threshold counts as positive),
 * from the highest threshold down; at most `maxPoints` points, evenly thinned.
 */
export function prCurve(positive: readonly boolean[], score: readonly number[], maxPoints = 200): PrPoint[] {
  const order = score.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
  const totalPositive = positive.filter(Boolean).length;
  if (!totalPositive) return [];
  const points: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const [s, i] = order[k];
    if (positive[i]) tp++;
    else fp++;
    const nextDiffers = k === order.length - 1 || order[k + 1][0] !== s;
    if (nextDiffers) points.push({ threshold: s, precision: tp / (tp + fp), recall: tp / totalPositive });
  }
  if (points.length <= maxPoints) return points;
  const stride = (points.length - 1) / (maxPoints - 1);
  return Array.from({ length: maxPoints }, (_, j) => points[Math.round(j * stride)]);
}
