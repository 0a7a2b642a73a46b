// What a training epoch adds to the logs besides scalars: the head's weights as histograms (train
// run) and one-vs-rest PR curves of each class (validation run, test run at the end).
import { DISTRIBUTION_BASIS_POINTS, histogramOf, histogramValue, percentiles } from '../core/tensorboard/histogram';
import { prCurveData, prCurveValue } from '../core/tensorboard/prCurve';
import { tf } from './tfjs';

/** One weight tensor's distribution at one epoch, for the dashboard (TensorBoard's DISTRIBUTIONS bands). */
export interface WeightDistribution {
  /** The histogram's tag: head/<layer>/<kernel|bias>. */
  readonly name: string;
  /** Values at DISTRIBUTION_BASIS_POINTS: min, 6.68 %, 15.87 %, 30.85 %, median, … max. */
  readonly percentiles: number[];
}

/** Histogram values of every weight of the head's layers, and their distributions. */
export async function headWeights(
  head: tf.LayersModel,
): Promise<{ values: Uint8Array[]; distributions: WeightDistribution[] }> {
  const values: Uint8Array[] = [];
  const distributions: WeightDistribution[] = [];
  for (const layer of head.layers) {
    for (const weight of layer.weights) {
      // A variable's name may carry a uniquifying suffix (head_hidden/kernel_1): the kind is what follows the layer.
      const kind = (weight.originalName || weight.name).split('/').pop()?.replace(/_\d+$/, '') || 'weight';
      const name = `head/${layer.name}/${kind}`;
      const data = await weight.read().data();
      values.push(histogramValue(name, histogramOf(data)));
      distributions.push({
        name,
        percentiles: percentiles(data, DISTRIBUTION_BASIS_POINTS).map((v) => Number(v.toPrecision(6))),
      });
    }
  }
  return { values, distributions };
}

/** PR-curve values (tag pr_curve/<class>) from class probabilities `scores` (n × classes, row-major). */
export function prCurveValues(
  classes: readonly string[],
  truth: readonly number[],
  scores: ArrayLike<number>,
  split: string,
): Uint8Array[] {
  const n = truth.length;
  const k = classes.length;
  if (scores.length !== n * k) throw new RangeError(`${scores.length} scores for ${n} frames of ${k} classes`);
  return classes.map((className, c) => {
    const positive = truth.map((t) => t === c);
    const classScores = new Float32Array(n);
    for (let i = 0; i < n; i++) classScores[i] = scores[i * k + c];
    const support = positive.filter(Boolean).length;
    return prCurveValue(
      `pr_curve/${className}`,
      prCurveData(positive, classScores),
      `One-vs-rest on the ${split} split: ${support} of ${n} frames are ${className}.`,
    );
  });
}

/** Class probabilities of `x` through `model`, flat (n × classes). */
export async function predictFlat(model: tf.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  const output = model.predict(x, { batchSize: 256 }) as tf.Tensor;
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}
