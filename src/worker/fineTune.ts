import { tf } from './tfjs';
import { registerDepthwiseGradients } from './depthwiseGradients';
import { foldBatchNormInto } from './batchNormFold';

/**
 * Fine-tuning of the last N MobileNet V1 blocks (a block: depthwise 3×3 conv + BN + ReLU6, pointwise
 * 1×1 conv + BN + ReLU6, layers conv_dw_K… conv_pw_K_relu). The base is cut at the input of the first
 * trained block: those activations never change while the blocks train, so they are cached like
 * embeddings, and the blocks are rebuilt with each batch normalization folded into its convolution.
 * Folding keeps the frozen ImageNet statistics: tfjs batch normalization would otherwise normalise with
 * each small training batch's statistics and drift its moving averages.
 * The 1×1 convolutions train as dense layers (a matMul, which wasm has with its gradient; it has no Conv2D
 * filter gradient), and the depthwise gradients wasm lacks come from depthwiseGradients.ts.
 * `exportStandard` puts the 1×1 layers back as Conv2D in the saved model; the rest is reused as is.
 */
export interface FineTunePlan {
  /** The base layer whose output the trained blocks take (cached per frame). */
  readonly cutLayer: string;
  /** [height, width, channels] of that output. */
  readonly cutShape: [number, number, number];
  /** The block numbers trained, ascending. */
  readonly blocks: readonly number[];
  /** Builds the trainable blocks (weights folded from the base) and global average pooling on x; call once. */
  readonly build: (x: tf.SymbolicTensor) => { output: tf.SymbolicTensor; layers: tf.layers.Layer[] };
  /** The same blocks, with their trained weights, as standard layers on x (after build). */
  readonly exportStandard: (x: tf.SymbolicTensor) => tf.SymbolicTensor;
}

interface Step {
  /** Used in training; reused as it is in the exported model unless `standard` says otherwise. */
  readonly layer: tf.layers.Layer;
  readonly initial?: tf.Tensor[];
  /** A standard layer and its weights from the trained ones. */
  readonly standard?: { layer: () => tf.layers.Layer; weights: (trained: tf.Tensor[]) => tf.Tensor[] };
}

export function planFineTune(base: tf.LayersModel, blocks: number, modelName: string): FineTunePlan {
  registerDepthwiseGradients();
  const has = (name: string) => base.layers.some((layer) => layer.name === name);
  const numbers = base.layers
    .map((layer) => /^conv_dw_(\d+)$/.exec(layer.name))
    .filter((m) => m !== null)
    .map((m) => Number(m[1]))
    .filter((k) => blockLayers(k).every(has));
  if (!numbers.length)
    throw new Error(
      'Fine-tuning knows MobileNet V1 layers models (blocks of layers conv_dw_K, conv_dw_K_bn, conv_dw_K_relu, ' +
        `conv_pw_K, conv_pw_K_bn, conv_pw_K_relu); ${modelName} has no such block. Set fine-tune blocks to 0.`,
    );
  const last = Math.max(...numbers);
  const chosen = Array.from({ length: blocks }, (_, i) => last - blocks + 1 + i);
  const missing = chosen.filter((k) => !numbers.includes(k));
  if (missing.length)
    throw new Error(
      `${modelName} has ${numbers.length} MobileNet blocks; fine-tuning ${blocks} needs blocks ` +
        `${chosen[0]}–${last} (missing ${missing.join(', ')}).`,
    );
  const first = base.getLayer(has(`conv_pad_${chosen[0]}`) ? `conv_pad_${chosen[0]}` : `conv_dw_${chosen[0]}`);
  const cut = first.inboundNodes[0]?.inboundLayers[0];
  if (!cut) throw new Error(`${first.name} has no input layer in ${modelName}.`);
  const shape = cut.outputShape as number[];
  const steps = [
    ...chosen.flatMap((k) => blockSteps(base, k, has(`conv_pad_${k}`))),
    { layer: tf.layers.globalAveragePooling2d({ name: 'ft_pool' }) },
  ];
  let built = false;
  return {
    cutLayer: cut.name,
    cutShape: [shape[1], shape[2], shape[3]],
    blocks: chosen,
    build: (x) => {
      let y = x;
      for (const step of steps) {
        y = step.layer.apply(y) as tf.SymbolicTensor;
        if (step.initial) {
          step.layer.setWeights(step.initial);
          tf.dispose(step.initial);
        }
      }
      built = true;
      return { output: y, layers: steps.map((step) => step.layer) };
    },
    exportStandard: (x) => {
      if (!built) throw new Error('The fine-tuned blocks were not built.');
      let y = x;
      for (const step of steps) {
        if (!step.standard) {
          y = step.layer.apply(y) as tf.SymbolicTensor;
          continue;
        }
        const layer = step.standard.layer();
        y = layer.apply(y) as tf.SymbolicTensor;
        // getWeights() gives the variables themselves: work on copies, which setWeights copies again.
        const trained = step.layer.getWeights().map((w) => w.clone());
        const weights = step.standard.weights(trained);
        layer.setWeights(weights);
        tf.dispose([...trained, ...weights]);
      }
      return y;
    },
  };
}

const blockLayers = (k: number) =>
  ['', '_bn', '_relu'].flatMap((suffix) => [`conv_dw_${k}${suffix}`, `conv_pw_${k}${suffix}`]);

interface Config {
  kernelSize?: number | [number, number];
  strides?: number | [number, number];
  padding?: 'valid' | 'same';
  depthMultiplier?: number;
  filters?: number;
  epsilon?: number;
  activation?: string;
  maxValue?: number;
  max_value?: number;
}

const single = (value: number | [number, number] | undefined, what: string): number => {
  const [a, b] = Array.isArray(value) ? value : [value ?? 1, value ?? 1];
  if (a !== b) throw new Error(`Fine-tuning supports square ${what}s only (found ${a}×${b}).`);
  return a;
};

/** One block's steps: fresh layers named ft_<base name>, with folded weights. */
function blockSteps(base: tf.LayersModel, k: number, padded: boolean): Step[] {
  const config = (name: string) => base.getLayer(name).getConfig() as Config;
  const dw = config(`conv_dw_${k}`);
  const pw = config(`conv_pw_${k}`);
  if ((dw.depthMultiplier ?? 1) !== 1)
    throw new Error(`conv_dw_${k} has depth multiplier ${dw.depthMultiplier}; fine-tuning supports 1 (MobileNet V1).`);
  if (single(pw.kernelSize, 'kernel') !== 1 || single(pw.strides, 'stride') !== 1)
    throw new Error(`conv_pw_${k} is not a 1×1 convolution of stride 1.`);
  const dwArgs = {
    kernelSize: single(dw.kernelSize, 'kernel'),
    strides: single(dw.strides, 'stride'),
    padding: dw.padding ?? 'valid',
    name: `ft_conv_dw_${k}`,
  } as const;
  const steps: Step[] = [];
  if (padded)
    steps.push({
      layer: tf.layers.zeroPadding2d({
        padding: (base.getLayer(`conv_pad_${k}`).getConfig() as { padding: [[number, number], [number, number]] })
          .padding,
        name: `ft_conv_pad_${k}`,
      }),
    });
  steps.push({
    layer: tf.layers.depthwiseConv2d({ ...dwArgs, depthMultiplier: 1, useBias: true }),
    initial: fold(base, `conv_dw_${k}`),
  });
  steps.push({ layer: activation(base, `conv_dw_${k}_relu`) });
  const [kernel, bias] = fold(base, `conv_pw_${k}`);
  const [inputs, filters] = [kernel.shape[2]!, kernel.shape[3]!];
  steps.push({
    // A 1×1 convolution is a dense layer over the channels of every pixel.
    layer: tf.layers.dense({ units: filters, useBias: true, name: `ft_conv_pw_${k}` }),
    initial: [kernel.reshape([inputs, filters]), bias],
    standard: {
      layer: () =>
        tf.layers.conv2d({
          filters,
          kernelSize: 1,
          strides: 1,
          padding: 'same',
          useBias: true,
          name: `ft_conv_pw_${k}`,
        }),
      weights: ([w, b]) => [w.reshape([1, 1, inputs, filters]), b],
    },
  });
  kernel.dispose();
  steps.push({ layer: activation(base, `conv_pw_${k}_relu`) });
  return steps;
}

/** A base convolution's kernel and bias with its `<name>_bn` batch normalization folded in. */
export function fold(base: tf.LayersModel, convName: string): tf.Tensor[] {
  const conv = base.getLayer(convName);
  const bn = base.getLayer(`${convName}_bn`);
  const epsilon = (bn.getConfig() as Config).epsilon ?? 1e-3;
  const byName = (suffix: string) =>
    bn.weights.find((w) => w.name.replace(/_\d+$/, '').endsWith(suffix))?.read() as tf.Tensor1D | undefined;
  const [kernel, bias] = conv.getWeights() as [tf.Tensor4D, tf.Tensor1D | undefined];
  const weights = {
    gamma: byName('gamma'),
    beta: byName('beta'),
    mean: byName('moving_mean')!,
    variance: byName('moving_variance')!,
    epsilon,
  };
  return foldBatchNormInto(kernel, bias, weights, conv.getClassName() === 'DepthwiseConv2D');
}

function activation(base: tf.LayersModel, name: string): tf.layers.Layer {
  const layer = base.getLayer(name);
  const config = layer.getConfig() as Config;
  if (layer.getClassName() === 'ReLU')
    return tf.layers.reLU({ maxValue: config.maxValue ?? config.max_value, name: `ft_${name}` });
  if (layer.getClassName() === 'Activation' && config.activation)
    return tf.layers.activation({ activation: config.activation as 'relu6', name: `ft_${name}` });
  throw new Error(`Fine-tuning cannot rebuild ${name} (${layer.getClassName()}).`);
}
