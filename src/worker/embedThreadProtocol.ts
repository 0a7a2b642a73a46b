import type { BaseModelFiles } from './embedder';

/** Messages between the embedder pool (calling thread) and each embedding thread (embedThread.ts). */

/** workerData of a thread: its model and the backend it runs on (the calling thread's). */
export interface ThreadInit {
  readonly files: BaseModelFiles;
  readonly backend: PoolBackend;
}

/** Backends that compute on one core, so that threads add cores. tfjs-node is multi-threaded already. */
export type PoolBackend = 'wasm' | 'cpu';

/** One batch; the input buffers are transferred, not copied. */
export interface EmbedRequest {
  readonly type: 'embed';
  readonly id: number;
  readonly inputs: Float32Array[];
}

export type FromThread =
  | { readonly type: 'ready'; readonly size: number }
  /** n×size values, in input order; the buffer is transferred. */
  | { readonly type: 'embedded'; readonly id: number; readonly embeddings: Float32Array }
  /** id: the batch that failed (the thread goes on); none: loading failed (the thread ends). */
  | { readonly type: 'failed'; readonly id?: number; readonly message: string };

export function isThreadInit(value: unknown): value is ThreadInit {
  const init = value as Partial<ThreadInit> | null;
  return typeof init?.files?.modelJsonPath === 'string' && (init.backend === 'wasm' || init.backend === 'cpu');
}

export function isEmbedRequest(value: unknown): value is EmbedRequest {
  const request = value as Partial<EmbedRequest> | null;
  return (
    request?.type === 'embed' &&
    typeof request.id === 'number' &&
    Array.isArray(request.inputs) &&
    request.inputs.every((a) => a instanceof Float32Array)
  );
}

export function isFromThread(value: unknown): value is FromThread {
  const message = value as {
    type?: unknown;
    id?: unknown;
    size?: unknown;
    embeddings?: unknown;
    message?: unknown;
  } | null;
  switch (message?.type) {
    case 'ready':
      return typeof message.size === 'number';
    case 'embedded':
      return typeof message.id === 'number' && message.embeddings instanceof Float32Array;
    case 'failed':
      return typeof message.message === 'string' && (message.id === undefined || typeof message.id === 'number');
    default:
      return false;
  }
}
