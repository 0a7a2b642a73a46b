import type { Conv1d, TcnParameters } from '../core/temporal/tcn';
import { mulberry32 } from '../core/util/seededRandom';
import { tf } from './tfjs';

/** One training sequence: the head's scores of a video it did not learn from, and the true classes. */
export interface TcnVideo {
  /** frames × classes, in the network's class order. */
  readonly scores: ReadonlyArray<readonly number[]>;
  /** True class index of each frame. */
  readonly truth: readonly number[];
}

export interface TcnOptions {
  readonly classes: number;
  readonly seed: number;
  /** Channels of the residual layers (MS-TCN uses 64 with 40+ videos; far fewer videos here). */
  readonly channels?: number;
  /** Dilations 1, 2, 4, …: 6 layers see 127 frames. */
  readonly layers?: number;
  /** Default: enough epochs for about STEPS updates (one video an update), 20 at the least. */
  readonly epochs?: number;
  readonly learningRate?: number;
  readonly shouldStop?: () => boolean;
}

/**
 * MS-TCN's smoothing loss: the squared change of log-probabilities between neighbouring frames, capped at τ² = 16,
 * weighted 0.15.
 */
const SMOOTHING_WEIGHT = 0.15;
const SMOOTHING_CAP = 16;
/** Updates of a training, whatever the number of videos: a few videos need many passes, many need few. */
const STEPS = 600;

/**
 * Trains a single-stage TCN (src/core/temporal/tcn.ts) on whole videos, one video a step. Dilated
 * convolutions are written as shifted matrix products: tfjs has no gradient for dilated conv1d, and
 * this way the network is exactly the one the plain forward pass computes.
 */
export async function trainTcn(videos: readonly TcnVideo[], options: TcnOptions): Promise<TcnParameters> {
  const channels = options.channels ?? 16;
  const dilations = Array.from({ length: options.layers ?? 6 }, (_, l) => 2 ** l);
  const random = mulberry32(options.seed);
  let seed = options.seed;
  const weight = (shape: number[], fanIn: number) =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seed++));
  const zeros = (n: number) => tf.variable(tf.zeros([n]));
  const net = {
    input: { w: weight([1, options.classes, channels], options.classes), b: zeros(channels) },
    layers: dilations.map((dilation) => ({
      dilation,
      dw: weight([3, channels, channels], 3 * channels),
      db: zeros(channels),
      pw: weight([1, channels, channels], channels),
      pb: zeros(channels),
    })),
    output: { w: weight([1, channels, options.classes], channels), b: zeros(options.classes) },
  };
  const variables = [
    net.input.w,
    net.input.b,
    ...net.layers.flatMap((l) => [l.dw, l.db, l.pw, l.pb]),
    net.output.w,
    net.output.b,
  ];
  const forward = (x: tf.Tensor2D): tf.Tensor2D => {
    let h = pointwise(x, net.input.w, net.input.b);
    for (const layer of net.layers) {
      const inner = pointwise(tf.relu(dilatedConv(h, layer.dw, layer.db, layer.dilation)), layer.pw, layer.pb);
      h = h.add(inner) as tf.Tensor2D;
    }
    return pointwise(h, net.output.w, net.output.b);
  };
  const optimizer = tf.train.adam(options.learningRate ?? 0.005);
  const data = videos
    .filter((v) => v.truth.length > 1)
    .map((v) => ({
      x: tf.tensor2d(v.scores.map((s) => [...s])),
      y: tf.oneHot(tf.tensor1d([...v.truth], 'int32'), options.classes).toFloat() as tf.Tensor2D,
    }));
  try {
    const epochs = options.epochs ?? Math.max(20, Math.ceil(STEPS / Math.max(1, data.length)));
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const k of shuffledOrder(data.length, random)) {
        const { x, y } = data[k];
        optimizer.minimize(
          () => {
            const logits = forward(x);
            const frames = logits.shape[0];
            const logProbabilities = tf.logSoftmax(logits);
            const change = logProbabilities
              .slice([1, 0], [frames - 1, -1])
              .sub(logProbabilities.slice([0, 0], [frames - 1, -1]));
            const smoothing = tf.clipByValue(change.square(), 0, SMOOTHING_CAP).mean();
            return tf.losses.softmaxCrossEntropy(y, logits).add(smoothing.mul(SMOOTHING_WEIGHT)) as tf.Scalar;
          },
          false,
          variables,
        );
        if (options.shouldStop?.()) break;
      }
      if (options.shouldStop?.()) break;
    }
    return {
      input: toConv(net.input.w, net.input.b, 1),
      layers: net.layers.map((l) => ({ dilated: toConv(l.dw, l.db, l.dilation), pointwise: toConv(l.pw, l.pb, 1) })),
      output: toConv(net.output.w, net.output.b, 1),
    };
  } finally {
    for (const d of data) tf.dispose([d.x, d.y]);
    tf.dispose(variables);
    optimizer.dispose();
  }
}

/** A 1×1 convolution over frames: [frames, in] × [in, out] + bias. */
function pointwise(x: tf.Tensor2D, w: tf.Variable, b: tf.Variable): tf.Tensor2D {
  const [, inputs, outputs] = w.shape;
  return tf.matMul(x, w.reshape([inputs, outputs]) as tf.Tensor2D).add(b) as tf.Tensor2D;
}

/** Σ over the 3 taps of (frames shifted by (k − 1)·dilation, zeros outside) × W_k, + bias: a 'same' dilated conv. */
function dilatedConv(x: tf.Tensor2D, w: tf.Variable, b: tf.Variable, dilation: number): tf.Tensor2D {
  const [kernel, inputs, outputs] = w.shape;
  let sum: tf.Tensor2D | undefined;
  for (let k = 0; k < kernel; k++) {
    const tap = tf.matMul(
      shift(x, (k - (kernel - 1) / 2) * dilation),
      w.slice([k, 0, 0], [1, inputs, outputs]).reshape([inputs, outputs]) as tf.Tensor2D,
    ) as tf.Tensor2D;
    sum = sum ? (sum.add(tap) as tf.Tensor2D) : tap;
  }
  return sum!.add(b) as tf.Tensor2D;
}

/** Row t of the result is row t + offset of x, or zeros where that is outside. */
function shift(x: tf.Tensor2D, offset: number): tf.Tensor2D {
  const [frames, width] = x.shape;
  if (offset === 0) return x;
  if (Math.abs(offset) >= frames) return tf.zeros([frames, width]);
  return offset > 0
    ? (tf.pad(x.slice([offset, 0], [frames - offset, width]), [
        [0, offset],
        [0, 0],
      ]) as tf.Tensor2D)
    : (tf.pad(x.slice([0, 0], [frames + offset, width]), [
        [-offset, 0],
        [0, 0],
      ]) as tf.Tensor2D);
}

function toConv(w: tf.Variable, b: tf.Variable, dilation: number): Conv1d {
  const [kernel, inputs, outputs] = w.shape;
  return { kernel, inputs, outputs, dilation, weights: Array.from(w.dataSync()), bias: Array.from(b.dataSync()) };
}

function shuffledOrder(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
