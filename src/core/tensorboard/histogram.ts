// HistogramProto (tensorboard/compat/proto/histogram.proto):
//   { double min = 1; double max = 2; double num = 3; double sum = 4; double sum_squares = 5;
//     repeated double bucket_limit = 6 [packed]; repeated double bucket = 7 [packed]; }
// bucket[i] counts the values up to bucket_limit[i] (its right edge); TensorBoard takes `min` as the
// first left edge and `max` as the last right edge. Equal-width buckets over [min, max] keep the
// HISTOGRAMS and DISTRIBUTIONS views readable at a few hundred bytes per tensor (TensorFlow's default
// ~1500 exponential buckets would be kilobytes).
import { ProtoWriter } from './protoWriter';
import { encodeSummaryValue } from './summaryValue';

export interface Histogram {
  readonly min: number;
  readonly max: number;
  readonly num: number;
  readonly sum: number;
  readonly sumSquares: number;
  readonly bucketLimit: readonly number[];
  readonly bucket: readonly number[];
}

export const DEFAULT_HISTOGRAM_BUCKETS = 30;

/** The histogram of the finite values (NaN and ±Infinity are left out: they have no bucket). */
export function histogramOf(values: ArrayLike<number>, buckets = DEFAULT_HISTOGRAM_BUCKETS): Histogram {
  if (!Number.isInteger(buckets) || buckets < 1)
    throw new RangeError(`buckets must be a positive integer, got ${buckets}`);
  let min = Infinity;
  let max = -Infinity;
  let num = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    num++;
    sum += v;
    sumSquares += v * v;
  }
  if (num === 0) return { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  // One bucket when every value is the same: a zero width would divide by zero.
  const count = max > min ? buckets : 1;
  const width = (max - min) / count;
  const bucket = new Array<number>(count).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    bucket[width > 0 ? Math.min(count - 1, Math.floor((v - min) / width)) : 0]++;
  }
  const bucketLimit = Array.from({ length: count }, (_, i) => (i === count - 1 ? max : min + (i + 1) * width));
  return { min, max, num, sum, sumSquares, bucketLimit, bucket };
}

export function encodeHistogram(histogram: Histogram): Uint8Array {
  if (histogram.bucket.length !== histogram.bucketLimit.length)
    throw new RangeError('bucket and bucket_limit must have the same length');
  const writer = new ProtoWriter();
  // proto3: zeros are left out, as TensorFlow's own serializer does.
  if (histogram.min !== 0) writer.doubleField(1, histogram.min);
  if (histogram.max !== 0) writer.doubleField(2, histogram.max);
  if (histogram.num !== 0) writer.doubleField(3, histogram.num);
  if (histogram.sum !== 0) writer.doubleField(4, histogram.sum);
  if (histogram.sumSquares !== 0) writer.doubleField(5, histogram.sumSquares);
  if (histogram.bucketLimit.length) writer.packedDoubleField(6, histogram.bucketLimit);
  if (histogram.bucket.length) writer.packedDoubleField(7, histogram.bucket);
  return writer.finish();
}

/** A histogram value (TF1 form: data_compat makes it a histograms-plugin tensor on load). */
export function histogramValue(tag: string, histogram: Histogram): Uint8Array {
  return encodeSummaryValue(tag, { histo: encodeHistogram(histogram) });
}

/** The basis points TensorBoard's DISTRIBUTIONS view draws (its compressor's default): min, ±1σ, ±2σ, … max. */
export const DISTRIBUTION_BASIS_POINTS = [0, 668, 1587, 3085, 5000, 6915, 8413, 9332, 10000] as const;

/** Exact percentiles (linear interpolation) of the finite values at the given basis points (1/100 of a percent). */
export function percentiles(
  values: ArrayLike<number>,
  basisPoints: readonly number[] = DISTRIBUTION_BASIS_POINTS,
): number[] {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const sorted = Float64Array.from(finite).sort();
  if (sorted.length === 0) return basisPoints.map(() => NaN);
  return basisPoints.map((bp) => {
    const position = (bp / 10000) * (sorted.length - 1);
    const low = Math.floor(position);
    const high = Math.min(sorted.length - 1, low + 1);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  });
}
