import { foldBatchNormInto, type BatchNormWeights } from './batchNormFold';
import { tf } from './tfjs';

/** A truncated layers network run with its batch normalisations folded into the convolutions before them. */
export interface FoldedNetwork {
  run(batch: tf.Tensor4D): tf.Tensor;
  dispose(): void;
}

type Step = (x: tf.Tensor4D) => tf.Tensor4D;

/**
 * Keras MobileNets run conv → BatchNormalization → relu6 as three kernels (plus relu6 as relu + minimum):
 * on wasm that is ~¾ of the time (profiled: V1 0.25 layers 11 ms/image, the same net as a converted
 * graph 3 ms). Folded, each triple is one fused conv (scale in the kernel, shift in the bias, relu6 as
 * its activation), as the graph converter does. Only for a plain chain of layers; anything else: undefined.
 */
export function foldBatchNorm(model: tf.LayersModel): FoldedNetwork | undefined {
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  if (!isChain(model)) return undefined;
  const steps: Step[] = [];
  const owned: tf.Tensor[] = [];
  let folded = 0;
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const next = layers[i + 1];
    const conv = convolution(layer);
    const bn = next && batchNormalization(next);
    if (conv && bn) {
      const relu6 = layers[i + 2] && isRelu6(layers[i + 2]);
      const [filter, bias] = foldBatchNormInto(conv.kernel, conv.bias, bn, conv.depthwise);
      owned.push(filter, bias);
      const activation = relu6 ? 'relu6' : 'linear';
      const { strides, padding, dilationRate } = conv;
      steps.push(
        conv.depthwise
          ? (x) =>
              tf.fused.depthwiseConv2d({ x, filter, bias, strides, pad: padding, dilations: dilationRate, activation })
          : (x) => tf.fused.conv2d({ x, filter, bias, strides, pad: padding, dilations: dilationRate, activation }),
      );
      i += relu6 ? 2 : 1;
      folded++;
    } else {
      steps.push((x) => layer.apply(x) as tf.Tensor4D);
    }
  }
  if (!folded) {
    tf.dispose(owned);
    return undefined;
  }
  return {
    run: (batch) => steps.reduce((x, step) => step(x), batch),
    dispose: () => tf.dispose(owned),
  };
}

/** Every layer takes the previous one's output alone, in model.layers order. */
function isChain(model: tf.LayersModel): boolean {
  return model.layers.every((layer, i) => {
    if (i === 0) return layer.getClassName() === 'InputLayer';
    const nodes = (layer as unknown as { inboundNodes: Array<{ inboundLayers: unknown[] }> }).inboundNodes;
    return (
      nodes.length === 1 && nodes[0].inboundLayers.length === 1 && nodes[0].inboundLayers[0] === model.layers[i - 1]
    );
  });
}

interface Convolution {
  depthwise: boolean;
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D | undefined;
  strides: [number, number];
  padding: 'same' | 'valid';
  dilationRate: [number, number];
}

function convolution(layer: tf.layers.Layer): Convolution | undefined {
  const kind = layer.getClassName();
  if (kind !== 'Conv2D' && kind !== 'DepthwiseConv2D') return undefined;
  const config = layer.getConfig() as {
    activation?: string;
    useBias?: boolean;
    dataFormat?: string;
    padding?: string;
    strides?: number[];
    dilationRate?: number | number[];
  };
  if (
    config.activation !== 'linear' ||
    config.dataFormat !== 'channelsLast' ||
    (config.padding !== 'same' && config.padding !== 'valid')
  )
    return undefined;
  const weights = layer.getWeights();
  const pair = (v: number | number[] | undefined): [number, number] =>
    Array.isArray(v) ? [v[0], v[1] ?? v[0]] : [v ?? 1, v ?? 1];
  return {
    depthwise: kind === 'DepthwiseConv2D',
    kernel: weights[0] as tf.Tensor4D,
    bias: config.useBias ? (weights[1] as tf.Tensor1D) : undefined,
    strides: pair(config.strides),
    padding: config.padding,
    dilationRate: pair(config.dilationRate),
  };
}

function batchNormalization(layer: tf.layers.Layer): BatchNormWeights | undefined {
  if (layer.getClassName() !== 'BatchNormalization') return undefined;
  const config = layer.getConfig() as { axis?: number | number[]; center?: boolean; scale?: boolean; epsilon?: number };
  if (!(config.axis === -1 || config.axis === 3) || !config.center || !config.scale) return undefined;
  const [gamma, beta, mean, variance] = layer.getWeights() as tf.Tensor1D[];
  return { gamma, beta, mean, variance, epsilon: config.epsilon ?? 1e-3 };
}

function isRelu6(layer: tf.layers.Layer): boolean {
  const config = layer.getConfig() as {
    activation?: string;
    maxValue?: number;
    negativeSlope?: number;
    threshold?: number;
  };
  if (layer.getClassName() === 'Activation') return config.activation === 'relu6';
  return layer.getClassName() === 'ReLU' && config.maxValue === 6 && !config.negativeSlope && !config.threshold;
}
