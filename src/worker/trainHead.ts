import type { EpochMetrics } from '../shared/workerProtocol';
import { mulberry32 } from '../core/util/seededRandom';
import { SplitAdam } from './splitOptimizer';
import { tf } from './tfjs';

export interface HeadData {
  /** Embeddings [n, inputSize], or with a body the cached activations [n, ...body.inputShape]. */
  readonly x: tf.Tensor;
  readonly y: tf.Tensor2D;
}

/** Trainable layers before the head (fine-tuned backbone blocks), at a fraction of the head's learning rate. */
export interface HeadBody {
  readonly inputShape: readonly number[];
  readonly build: (x: tf.SymbolicTensor) => { output: tf.SymbolicTensor; layers: tf.layers.Layer[] };
  readonly learningRateFactor: number;
}

export interface HeadOptions {
  readonly inputSize: number;
  readonly classes: number;
  readonly hiddenUnits: number;
  readonly dropout: number;
  readonly learningRate: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly patience: number;
  readonly classWeight: Record<number, number> | undefined;
  readonly seed: number;
  readonly logEverySteps: number;
  readonly shouldStop: () => boolean;
  /** `trained`: the models as they are after this epoch (for logging their weights and predictions). */
  readonly onEpoch: (
    metrics: EpochMetrics,
    trained: { readonly model: tf.LayersModel; readonly head: tf.LayersModel },
  ) => void | Promise<void>;
  readonly onStep: (step: number, loss: number, accuracy: number) => void | Promise<void>;
  readonly body?: HeadBody;
}

export interface HeadResult {
  /** Input → probabilities: the head, or body + head. */
  readonly model: tf.LayersModel;
  /** Features → probabilities (the same object as `model` without a body). */
  readonly head: tf.LayersModel;
  readonly bestEpoch: number;
  readonly bestValidationAccuracy: number | undefined;
  readonly stoppedEarly: boolean;
  readonly cancelled: boolean;
}

/** The classifier head on cached embeddings: select the epoch on validation and keep its weights. */
export async function trainHead(
  train: HeadData,
  validation: HeadData | undefined,
  options: HeadOptions,
): Promise<HeadResult> {
  const init = { seed: options.seed };
  const input = tf.input({ shape: options.body ? [...options.body.inputShape] : [options.inputSize] });
  const body = options.body?.build(input);
  const features = body?.output ?? input;
  // The head is a model of its own, so that the saved classifier can put it on another body (standard layers).
  const headInput = body ? tf.input({ shape: features.shape.slice(1) as number[] }) : input;
  let x = headInput;
  if (options.hiddenUnits > 0) {
    x = tf.layers
      .dense({
        units: options.hiddenUnits,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform(init),
        name: 'head_hidden',
      })
      .apply(x) as tf.SymbolicTensor;
    if (options.dropout > 0)
      x = tf.layers
        .dropout({ rate: options.dropout, seed: options.seed, name: 'head_dropout' })
        .apply(x) as tf.SymbolicTensor;
  }
  const output = tf.layers
    .dense({
      units: options.classes,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform(init),
      name: 'head_softmax',
    })
    .apply(x) as tf.SymbolicTensor;
  const head = tf.model({ inputs: headInput, outputs: output, name: 'head' });
  const model = body
    ? tf.model({ inputs: input, outputs: head.apply(features) as tf.SymbolicTensor, name: 'fine_tuned' })
    : head;
  const slow = new Set(body?.layers.flatMap((layer) => layer.trainableWeights.map((w) => w.name)) ?? []);
  const optimizer = options.body
    ? new SplitAdam(options.learningRate, options.learningRate * options.body.learningRateFactor, slow)
    : tf.train.adam(options.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });

  let best: { epoch: number; accuracy: number; loss: number; weights: tf.Tensor[] } | undefined;
  let sinceBest = 0;
  let step = 0;
  let cancelled = false;
  let stoppedEarly = false;
  const stepsPerEpoch = Math.ceil(train.x.shape[0] / options.batchSize);
  const random = mulberry32(options.seed);
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    // Embeddings are shuffled here, by the run's seed, so that a rerun trains the same head (tfjs's own
    // shuffle draws from Math.random). Fine-tuning activations are tens of KiB a frame: a shuffled copy
    // of them would double the memory, so they keep tfjs's shuffle.
    const epochData = options.body ? { x: train.x, y: train.y } : shuffled(train, random);
    const history = await model.fit(epochData.x, epochData.y, {
      epochs: 1,
      batchSize: options.batchSize,
      shuffle: !!options.body,
      classWeight: options.classWeight,
      verbose: 0,
      callbacks: {
        onBatchEnd: async (_batch, logs) => {
          step++;
          if (step % options.logEverySteps === 0 && logs)
            await options.onStep(step, logs.loss, logs.acc ?? logs.accuracy);
          if (options.shouldStop()) {
            cancelled = true;
            model.stopTraining = true;
          }
        },
      },
    });
    if (epochData.x !== train.x) tf.dispose([epochData.x, epochData.y]);
    const trainLoss = last(history.history.loss);
    const trainAccuracy = last(history.history.acc ?? history.history.accuracy);
    let validationLoss: number | undefined;
    let validationAccuracy: number | undefined;
    if (validation && validation.x.shape[0] > 0) {
      const [loss, accuracy] = model.evaluate(validation.x, validation.y, { batchSize: 256 }) as tf.Scalar[];
      validationLoss = (await loss.data())[0];
      validationAccuracy = (await accuracy.data())[0];
      loss.dispose();
      accuracy.dispose();
    }
    await options.onEpoch(
      {
        epoch,
        step: step || epoch * stepsPerEpoch,
        trainLoss,
        trainAccuracy,
        validationLoss,
        validationAccuracy,
        learningRate: options.learningRate,
      },
      { model, head },
    );
    // Select on validation accuracy, ties broken by loss; without a validation split, on training loss.
    const score = validationAccuracy ?? -trainLoss;
    const loss = validationLoss ?? trainLoss;
    if (!best || score > best.accuracy || (score === best.accuracy && loss < best.loss)) {
      best?.weights.forEach((w) => w.dispose());
      best = { epoch, accuracy: score, loss, weights: model.getWeights().map((w) => w.clone()) };
      sinceBest = 0;
    } else if (options.patience > 0 && ++sinceBest >= options.patience) {
      stoppedEarly = true;
      break;
    }
    if (cancelled) break;
  }
  if (best) {
    model.setWeights(best.weights);
    best.weights.forEach((w) => w.dispose());
  }
  return {
    model,
    head,
    bestEpoch: best?.epoch ?? 0,
    bestValidationAccuracy: validation ? best?.accuracy : undefined,
    stoppedEarly,
    cancelled,
  };
}

/** The rows in an order drawn from `random` (Fisher–Yates). */
function shuffled(data: HeadData, random: () => number): { x: tf.Tensor; y: tf.Tensor2D } {
  const order = Array.from({ length: data.x.shape[0] }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return tf.tidy(() => {
    const indices = tf.tensor1d(order, 'int32');
    return { x: tf.gather(data.x, indices), y: tf.gather(data.y, indices) as tf.Tensor2D };
  });
}

const last = (values: Array<number | tf.Tensor> | undefined): number => {
  const value = values?.[values.length - 1];
  return typeof value === 'number' ? value : Number.NaN;
};

/** Inverse-frequency weights, normalised so that the mean weight is 1. */
export function classWeights(counts: readonly number[]): Record<number, number> {
  const present = counts.filter((n) => n > 0);
  const total = present.reduce((a, b) => a + b, 0);
  const weights: Record<number, number> = {};
  counts.forEach((n, c) => (weights[c] = n > 0 ? total / (present.length * n) : 0));
  return weights;
}
