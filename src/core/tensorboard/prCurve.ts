// The pr_curves plugin's summary (tensorboard/plugins/pr_curve): a DT_FLOAT tensor of shape
// [6, num_thresholds] whose rows are TP, FP, TN, FN, precision and recall at thresholds i/(N-1),
// with SummaryMetadata plugin "pr_curves" and content PrCurvePluginData (plugin_data.proto):
//   { int32 version = 1; uint32 num_thresholds = 2; }
// The counts follow the plugin's own numpy writer (summary.pb): a score s falls in bucket
// floor(s·(N-1)), and threshold i counts every example in buckets ≥ i as predicted positive.
import { ProtoWriter } from './protoWriter';
import { DataType, encodeSummaryValue, encodeTensor, float32Content } from './summaryValue';

export const PR_CURVES_PLUGIN = 'pr_curves';
/** 0.00, 0.01, … 1.00: 2.4 KB per class and step. */
export const DEFAULT_PR_THRESHOLDS = 101;
/** The plugin's floor under the denominators, so that 0/0 reads 0. */
const MINIMUM_COUNT = 1e-7;

export interface PrCurveData {
  readonly numThresholds: number;
  readonly truePositives: Float64Array;
  readonly falsePositives: Float64Array;
  readonly trueNegatives: Float64Array;
  readonly falseNegatives: Float64Array;
  readonly precision: Float64Array;
  readonly recall: Float64Array;
}

/** One-vs-rest counts of one class: `positive[i]` whether example i is of the class, `scores[i]` its probability. */
export function prCurveData(
  positive: ArrayLike<boolean>,
  scores: ArrayLike<number>,
  numThresholds = DEFAULT_PR_THRESHOLDS,
): PrCurveData {
  if (!Number.isInteger(numThresholds) || numThresholds < 2)
    throw new RangeError(`num_thresholds must be an integer ≥ 2, got ${numThresholds}`);
  if (positive.length !== scores.length) throw new RangeError(`${positive.length} labels but ${scores.length} scores`);
  const n = numThresholds;
  const tpBuckets = new Float64Array(n);
  const fpBuckets = new Float64Array(n);
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    // A NaN score is counted as 0: below every threshold but the first, like an absent prediction.
    const clamped = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
    const bucket = Math.floor(clamped * (n - 1));
    if (positive[i]) tpBuckets[bucket]++;
    else fpBuckets[bucket]++;
  }
  const tp = new Float64Array(n);
  const fp = new Float64Array(n);
  for (let i = n - 1, t = 0, f = 0; i >= 0; i--) {
    t += tpBuckets[i];
    f += fpBuckets[i];
    tp[i] = t;
    fp[i] = f;
  }
  const tn = fp.map((v) => fp[0] - v);
  const fn = tp.map((v) => tp[0] - v);
  const precision = tp.map((v, i) => v / Math.max(MINIMUM_COUNT, v + fp[i]));
  const recall = tp.map((v, i) => v / Math.max(MINIMUM_COUNT, v + fn[i]));
  return {
    numThresholds: n,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: tn,
    falseNegatives: fn,
    precision,
    recall,
  };
}

export function encodePrCurvePluginData(numThresholds: number): Uint8Array {
  // version 0, the only one the plugin reads, is proto3's default and so is not written.
  return new ProtoWriter().varintField(2, numThresholds).finish();
}

/** The [6, N] float32 values, row-major: TP, FP, TN, FN, precision, recall. */
export function prCurveRows(data: PrCurveData): Float32Array {
  const rows = [
    data.truePositives,
    data.falsePositives,
    data.trueNegatives,
    data.falseNegatives,
    data.precision,
    data.recall,
  ];
  const flat = new Float32Array(6 * data.numThresholds);
  rows.forEach((row, r) => flat.set(row, r * data.numThresholds));
  return flat;
}

export function prCurveValue(tag: string, data: PrCurveData, description?: string): Uint8Array {
  const tensor = encodeTensor({
    dtype: DataType.float,
    shape: [6, data.numThresholds],
    content: float32Content(prCurveRows(data)),
  });
  return encodeSummaryValue(
    tag,
    { tensor },
    {
      pluginName: PR_CURVES_PLUGIN,
      content: encodePrCurvePluginData(data.numThresholds),
      ...(description ? { description } : {}),
    },
  );
}
