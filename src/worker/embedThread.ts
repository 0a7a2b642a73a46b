import { parentPort, workerData } from 'node:worker_threads';
import { isEmbedRequest, isThreadInit, type FromThread } from './embedThreadProtocol';
import { loadTruncatedNetwork, type TruncatedNetwork } from './localEmbedder';
import { tf } from './tfjs';

/**
 * One embedding thread of the pool (embedderPool.ts): its own tfjs, backend and copy of the truncated
 * base network, one batch at a time. Bundled as dist/embedThread.js; tsc emits it to out/src/worker/.
 */

/**
 * This script's emitted name; the pool imports the type, which also puts this file in tsc's output (nothing imports it
 * at run time).
 */
export type EmbedThreadScript = 'embedThread.js';

const port = parentPort;
if (!port) throw new Error('embedThread runs as a worker thread of the embedder pool.');
const post = (message: FromThread, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

async function start(init: unknown): Promise<TruncatedNetwork> {
  if (!isThreadInit(init)) throw new Error('embedThread was started without its model and backend.');
  if (!(await tf.setBackend(init.backend))) throw new Error(`the ${init.backend} backend did not start in the thread`);
  await tf.ready();
  return loadTruncatedNetwork(init.files);
}

start(workerData).then(
  (network) => {
    // Batches run one after another: each already fills this thread's core.
    let queue = Promise.resolve();
    port.on('message', (request: unknown) => {
      if (!isEmbedRequest(request)) return;
      queue = queue.then(async () => {
        try {
          const data = await network.embedBatch(request.inputs);
          // Transfer only a buffer of its own (a view into backend memory must be copied first).
          const own =
            data.byteOffset === 0 && data.buffer instanceof ArrayBuffer && data.byteLength === data.buffer.byteLength
              ? data
              : data.slice();
          post({ type: 'embedded', id: request.id, embeddings: own }, [own.buffer as ArrayBuffer]);
        } catch (error) {
          post({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) });
        }
      });
    });
    post({ type: 'ready', size: network.size });
  },
  (error: unknown) => {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    port.close();
  },
);
