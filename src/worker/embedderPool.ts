import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { BaseModelFiles } from './embedder';
import type { EmbedThreadScript } from './embedThread';
import { EmbedThreadHandle } from './embedThreadHandle';
import type { PoolBackend } from './embedThreadProtocol';

export interface PoolOptions {
  readonly threads: number;
  readonly backend: PoolBackend;
  /** The thread script; by default embedThread.js beside this file (dist/ when bundled, out/src/worker/ under tsc). */
  readonly script?: string;
  readonly resourceLimits?: ResourceLimits;
}

/** Embedding threads, each with its own backend and model: each batch is split over them, in order. */
export interface EmbedderPool {
  readonly size: number;
  readonly threads: number;
  /** The inputs' buffers are transferred to the threads: the arrays are empty (detached) afterwards. */
  embed(inputs: readonly Float32Array[]): Promise<Float32Array[]>;
  dispose(): void;
  /** Resolves when every thread has ended. */
  readonly exited: Promise<void>;
}

export async function startEmbedderPool(files: BaseModelFiles, options: PoolOptions): Promise<EmbedderPool> {
  const file: EmbedThreadScript = 'embedThread.js';
  const script = options.script ?? path.join(__dirname, file);
  if (!fs.existsSync(script))
    throw new Error(`The embedding thread script ${script} is missing: rebuild the extension (npm run build).`);
  // Only what the thread needs: the caller's object may carry more than the structured clone should copy.
  const model: BaseModelFiles = {
    kind: files.kind,
    modelJsonPath: files.modelJsonPath,
    name: files.name,
    embeddingNode: files.embeddingNode,
    inputSize: files.inputSize,
    inputRange: files.inputRange,
  };
  let failure: Error | undefined;
  const threads: EmbedThreadHandle[] = [];
  // One dead thread ends the pool (the batches it had can never finish) and says why in every later call.
  const stopAll = (error: Error) => {
    if (failure) return;
    failure = error;
    for (const thread of threads) thread.dispose(error);
  };
  for (let i = 0; i < options.threads; i++) {
    threads.push(
      new EmbedThreadHandle(
        script,
        { files: model, backend: options.backend },
        `Embedding thread ${i + 1} of ${options.threads}`,
        stopAll,
        options.resourceLimits,
      ),
    );
  }
  let size: number;
  try {
    size = (await Promise.all(threads.map((t) => t.ready)))[0];
  } catch (error) {
    stopAll(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  return {
    size,
    threads: threads.length,
    exited: Promise.all(threads.map((t) => t.exited)).then(() => undefined),
    async embed(inputs) {
      if (failure) throw failure;
      if (!inputs.length) return [];
      const values = files.inputSize * files.inputSize * 3;
      const wrong = inputs.findIndex((a) => a.length !== values);
      if (wrong >= 0)
        throw new Error(
          `Image ${wrong + 1} of the batch has ${inputs[wrong].length} values, expected ` +
            `${values}${inputs[wrong].length ? '' : ' (an input already given to embed is moved away and empty)'}.`,
        );
      const chunks = split(ownBuffers(inputs), Math.min(threads.length, inputs.length));
      const idle = [...threads].sort((a, b) => a.queued - b.queued);
      const parts = await Promise.all(chunks.map((chunk, i) => idle[i].embed(chunk)));
      return parts.flatMap((flat) =>
        Array.from({ length: flat.length / size }, (_, j) => flat.subarray(j * size, (j + 1) * size)),
      );
    },
    dispose: () => stopAll(new Error('The embedder was disposed.')),
  };
}

/** Each input with a whole ArrayBuffer of its own, so that it can be transferred; a shared or partial one is copied. */
function ownBuffers(inputs: readonly Float32Array[]): Float32Array[] {
  const claimed = new Set<ArrayBufferLike>();
  return inputs.map((a) => {
    const whole = a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
    if (!whole || claimed.has(a.buffer)) return a.slice();
    claimed.add(a.buffer);
    return a;
  });
}

/** count contiguous runs of near-equal length: order is kept by concatenating the answers. */
function split<T>(items: readonly T[], count: number): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    const end = start + Math.ceil((items.length - start) / (count - i));
    chunks.push(items.slice(start, end));
    start = end;
  }
  return chunks;
}
