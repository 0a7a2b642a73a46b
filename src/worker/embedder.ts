import * as os from 'node:os';
import { startEmbedderPool } from './embedderPool';
import { loadLocalEmbedder, loadTruncatedNetwork } from './localEmbedder';
import { tf } from './tfjs';

export interface BaseModelFiles {
  readonly kind: 'layers' | 'graph';
  readonly modelJsonPath: string;
  readonly name: string;
  readonly embeddingNode: string;
  readonly inputSize: number;
  readonly inputRange: readonly [number, number];
}

/** The base network cut at its embedding: images in, one vector per image out. */
export interface Embedder {
  readonly size: number;
  readonly inputSize: number;
  readonly inputRange: readonly [number, number];
  /** The truncated network as a LayersModel (layers base models only): the saved classifier is built on it. */
  readonly layersModel: tf.LayersModel | undefined;
  /** Order is kept. The inputs may be consumed (their buffers moved to another thread): do not reuse them. */
  embed(inputs: readonly Float32Array[]): Promise<Float32Array[]>;
  /** No more embeddings will be asked for: end what only computes them (the threads), keep layersModel. */
  finishEmbedding(): void;
  dispose(): void;
}

export interface EmbedderOptions {
  /**
   * Embedding threads for the wasm and cpu backends; default one per core, at most MAX_THREADS. 1: on the calling
   * thread.
   */
  readonly threads?: number;
}

/** Each thread holds its own backend and model (measured: ~85 MB RSS for MobileNet V1 0.25, ~165 MB for 0.75). */
const MAX_THREADS = 8;

/**
 * wasm and cpu compute on one core (wasm threads do not work in Node 20), so with several cores
 * the batches go to worker threads, one backend and model each (1.9× on 2 cores). The calling
 * thread computes nothing then: it stays free to decode images and answer messages. tfjs-node
 * (tensorflow) uses every core itself and stays on the calling thread.
 */
export async function loadEmbedder(files: BaseModelFiles, options: EmbedderOptions = {}): Promise<Embedder> {
  const backend = tf.getBackend();
  const threads = options.threads ?? Math.min(MAX_THREADS, Math.max(1, os.availableParallelism()));
  if (threads < 2 || (backend !== 'wasm' && backend !== 'cpu')) return loadLocalEmbedder(files);
  const [started, loaded] = await Promise.allSettled([
    startEmbedderPool(files, { threads, backend }),
    // The classifier is saved on this thread's copy of the truncated network (layers models only).
    files.kind === 'layers' ? loadTruncatedNetwork(files) : undefined,
  ]);
  if (started.status === 'rejected' || loaded.status === 'rejected') {
    // Whichever half started must not outlive the failure (threads would keep the process alive).
    if (started.status === 'fulfilled') started.value.dispose();
    if (loaded.status === 'fulfilled') loaded.value?.dispose();
    throw started.status === 'rejected' ? started.reason : (loaded as PromiseRejectedResult).reason;
  }
  const pool = started.value;
  const local = loaded.value;
  return {
    size: pool.size,
    inputSize: files.inputSize,
    inputRange: files.inputRange,
    layersModel: local?.layersModel,
    embed: (inputs) => pool.embed(inputs),
    // Each thread holds a backend and a model (85–165 MB): not through the head training.
    finishEmbedding: () => pool.dispose(),
    dispose() {
      pool.dispose();
      local?.dispose();
    },
  };
}
