import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { abortError } from '../ffmpeg/abort';
import { removeQuietly, temporaryPathFor } from '../ffmpeg/atomicFiles';
import { httpGet, seconds } from './httpGet';
import { ModelProblem } from './modelErrors';

export interface DownloadFileOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** More bytes than this and the file is not what the manifest says: stop rather than fill the disk. */
  readonly maxBytes: number;
  /** Called with the bytes of this file received so far. */
  readonly onBytes?: (bytes: number) => void;
}

export interface DownloadedFile {
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Downloads `url` into `target` through a temporary file and a rename, so `target` is whole or absent.
 * A connection that stalls for `timeoutMs` or closes before Content-Length bytes is an error, not a short file.
 */
export async function downloadFile(url: URL, target: string, options: DownloadFileOptions): Promise<DownloadedFile> {
  const { timeoutMs, signal, maxBytes, onBytes } = options;
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  const response = await httpGet(url, { timeoutMs, signal });
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  const temporary = temporaryPathFor(target);
  const hash = createHash('sha256');
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const stall = (): void => {
    clearTimeout(timer);
    timer = setTimeout(
      () =>
        response.destroy(
          new ModelProblem(
            'timeout',
            `the download of ${url.href} stalled for ${seconds(timeoutMs)} after ${bytes} bytes`,
          ),
        ),
      timeoutMs,
    );
  };
  const onAbort = (): void => void response.destroy(abortError(signal));
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  let file: fs.promises.FileHandle | undefined;
  try {
    if (declared > maxBytes)
      throw new ModelProblem(
        'invalid-model',
        `${url.href} is ${declared} bytes, more than the ${maxBytes} that model.json declares`,
      );
    file = await fs.promises.open(temporary, 'w');
    stall();
    for await (const chunk of response as AsyncIterable<Buffer>) {
      stall();
      bytes += chunk.length;
      if (bytes > maxBytes)
        throw new ModelProblem(
          'invalid-model',
          `${url.href} is larger than the ${maxBytes} bytes that model.json declares`,
        );
      hash.update(chunk);
      await file.write(chunk);
      onBytes?.(bytes);
    }
    if (signal?.aborted) throw abortError(signal);
    if (Number.isFinite(declared) && bytes !== declared) {
      throw new ModelProblem('network', `the connection closed after ${bytes} of ${declared} bytes of ${url.href}`);
    }
    await file.close();
    file = undefined;
    await fs.promises.rename(temporary, target);
    return { bytes, sha256: hash.digest('hex') };
  } catch (error) {
    response.destroy();
    await file?.close().catch(() => undefined);
    await removeQuietly(temporary);
    throw closedEarly(error, url, bytes, declared);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

const CONNECTION_ERRORS = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * Node reports a body cut short as a bare "aborted" / ECONNRESET; say which file and how much arrived. Disk errors pass
 * as they are.
 */
function closedEarly(error: unknown, url: URL, bytes: number, declared: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!(error instanceof Error) || !(CONNECTION_ERRORS.has(code ?? '') || error.message === 'aborted')) return error;
  const total = Number.isFinite(declared) ? ` of ${declared}` : '';
  return new ModelProblem(
    'network',
    `the connection closed after ${bytes}${total} bytes of ${url.href} (${error.message})`,
    { cause: error },
  );
}
