import { readModelArtifacts } from '../core/models/readModelArtifacts';
import type { BaseModelFiles, Embedder } from './embedder';
import { foldBatchNorm } from './foldedNetwork';
import { tf } from './tfjs';

/** The base network cut at its embedding, on this thread's tfjs backend: a batch in, one flat n×size array out. */
export interface TruncatedNetwork {
  readonly size: number;
  readonly layersModel: tf.LayersModel | undefined;
  embedBatch(inputs: readonly Float32Array[]): Promise<Float32Array>;
  dispose(): void;
}

export async function loadTruncatedNetwork(files: BaseModelFiles): Promise<TruncatedNetwork> {
  const { inputSize } = files;
  let run: (batch: tf.Tensor4D) => tf.Tensor;
  let layersModel: tf.LayersModel | undefined;
  let dispose: () => void;
  if (files.kind === 'layers') {
    // readModelArtifacts re-checks every weight path against the model folder before reading it.
    const base = await tf.loadLayersModel(tf.io.fromMemory(await readModelArtifacts(files)));
    let layer: tf.layers.Layer;
    try {
      layer = base.getLayer(files.embeddingNode);
    } catch {
      base.dispose();
      const lastLayers = base.layers
        .slice(-6)
        .map((l) => l.name)
        .join(', ');
      throw new Error(
        `The base model has no layer "${files.embeddingNode}". ` +
          `Set surgeryClassifier.embeddingLayer to one of: ${lastLayers}.`,
      );
    }
    layersModel = tf.model({ inputs: base.inputs, outputs: layer.output as tf.SymbolicTensor });
    const truncated = layersModel;
    const predict = (batch: tf.Tensor4D) => truncated.predict(batch) as tf.Tensor;
    const folded = foldBatchNorm(truncated);
    // The folded network must give the same embedding as the model itself, or it is not used.
    const useFolded = folded !== undefined && agreesSafely(folded.run, predict, inputSize);
    if (folded && !useFolded) folded.dispose();
    run = useFolded ? folded.run : predict;
    dispose = () => {
      if (useFolded) folded.dispose();
      base.dispose();
    };
  } else {
    const graph = await tf.loadGraphModel(tf.io.fromMemory(await readModelArtifacts(files)));
    run = (batch) => graph.execute(batch, files.embeddingNode) as tf.Tensor;
    dispose = () => graph.dispose();
  }
  const probe = tf.tidy(() => run(tf.zeros([1, inputSize, inputSize, 3])).reshape([1, -1]));
  const size = probe.shape[1] as number;
  probe.dispose();
  return {
    size,
    layersModel,
    async embedBatch(inputs) {
      const output = tf.tidy(() => {
        const batch = tf.tensor4d(concat(inputs), [inputs.length, inputSize, inputSize, 3]);
        return run(batch).reshape([inputs.length, size]);
      });
      try {
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    },
    dispose,
  };
}

/** Everything on the calling thread: the tensorflow backend (already multi-threaded) and single-core machines. */
export async function loadLocalEmbedder(files: BaseModelFiles): Promise<Embedder> {
  const network = await loadTruncatedNetwork(files);
  const { size } = network;
  return {
    size,
    inputSize: files.inputSize,
    inputRange: files.inputRange,
    layersModel: network.layersModel,
    async embed(inputs) {
      const data = await network.embedBatch(inputs);
      return inputs.map((_, i) => data.slice(i * size, (i + 1) * size));
    },
    // The network that embeds is the one the classifier is saved on: nothing to end early.
    finishEmbedding: () => undefined,
    dispose: () => network.dispose(),
  };
}

/** Same outputs on a fixed, varied image, to within float rounding (1e-4 of the output's scale). */
/** A fused op that throws for an unusual model means the plain model is used, not a failed load. */
function agreesSafely(...args: Parameters<typeof agree>): boolean {
  try {
    return agree(...args);
  } catch {
    return false;
  }
}

function agree(a: (batch: tf.Tensor4D) => tf.Tensor, b: (batch: tf.Tensor4D) => tf.Tensor, inputSize: number): boolean {
  return tf.tidy(() => {
    const image = tf
      .linspace(0, 97, inputSize * inputSize * 3)
      .sin()
      .reshape([1, inputSize, inputSize, 3]) as tf.Tensor4D;
    const [x, y] = [a(image), b(image)];
    const tolerance = 1e-4 * Math.max(1, y.abs().max().dataSync()[0]);
    return x.shape.join() === y.shape.join() && x.sub(y).abs().max().dataSync()[0] <= tolerance;
  });
}

function concat(arrays: readonly Float32Array[]): Float32Array {
  const total = arrays.reduce((sum, a) => sum + a.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
