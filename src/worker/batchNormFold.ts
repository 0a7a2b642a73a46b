import { tf } from './tfjs';

/** A BatchNormalization layer's inference weights (gamma and beta absent when it neither scales nor centres). */
export interface BatchNormWeights {
  readonly gamma?: tf.Tensor1D;
  readonly beta?: tf.Tensor1D;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  readonly epsilon: number;
}

/**
 * A convolution's kernel and bias with the batch normalisation after it folded in:
 * k·s and (b − mean)·s + beta, s = gamma/√(var + ε). Output channel c of a depthwise kernel
 * [h, w, in, multiplier] is in × multiplier + m, so scaling its flattened last two axes scales c.
 */
export function foldBatchNormInto(
  kernel: tf.Tensor4D,
  bias: tf.Tensor1D | undefined,
  bn: BatchNormWeights,
  depthwise: boolean,
): [tf.Tensor4D, tf.Tensor1D] {
  return tf.tidy(() => {
    const scale = (bn.gamma ?? tf.onesLike(bn.mean)).div(bn.variance.add(bn.epsilon).sqrt());
    const [h, w, inputs, outputs] = kernel.shape;
    const folded = depthwise
      ? kernel
          .reshape([h, w, inputs * outputs])
          .mul(scale)
          .reshape(kernel.shape)
      : kernel.mul(scale);
    const shift = (bias ?? tf.zerosLike(bn.mean))
      .sub(bn.mean)
      .mul(scale)
      .add(bn.beta ?? tf.zerosLike(bn.mean));
    return [folded as tf.Tensor4D, shift as tf.Tensor1D];
  });
}
