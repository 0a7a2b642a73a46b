import * as fs from 'node:fs';
import * as path from 'node:path';
import { abortError } from '../ffmpeg/abort';
import { createPool } from '../util/concurrencyPool';
import { checkWeightSizes } from './checkWeightSizes';
import { downloadFile } from './downloadFile';
import { type FileDigest, modelFingerprint } from './fingerprint';
import { type CacheMarker, commitStaging, createStaging, readCompleteCache } from './modelCache';
import { MAX_MODEL_JSON_BYTES, parseModelJson } from './modelJson';
import { weightFilePath, weightUrl } from './weightPaths';

export type DownloadProgress = (bytesDone: number, bytesTotal: number | undefined, file: string) => void;

export interface DownloadModelOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: DownloadProgress;
}

/** Weight files fetched at once: enough to hide a round trip per small file, few enough to be polite to the host. */
const PARALLEL_FILES = 4;
/** Cap for a group whose size a string tensor makes unknowable. */
const MAX_UNKNOWN_GROUP_BYTES = 2 * 1024 ** 3;

/**
 * Downloads model.json at `modelUrl` and every weight file it lists into `folder` (see modelCache for the
 * staging/commit protocol). Returns the marker of the complete folder: this download's, or that of another
 * process that completed the same folder first.
 */
export async function downloadModel(
  modelUrl: URL,
  folder: string,
  options: DownloadModelOptions,
): Promise<CacheMarker> {
  const existing = await readCompleteCache(folder);
  if (existing) return existing;
  const staging = await createStaging(folder);
  try {
    const files = await downloadInto(modelUrl, staging, options);
    const marker: CacheMarker = {
      version: 1,
      url: modelUrl.href,
      files,
      fingerprint: modelFingerprint(files),
      completedAt: new Date().toISOString(),
    };
    return await commitStaging(staging, folder, marker);
  } catch (error) {
    await fs.promises.rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

async function downloadInto(modelUrl: URL, staging: string, options: DownloadModelOptions): Promise<FileDigest[]> {
  const { timeoutMs, signal, onProgress } = options;
  const modelJson = await downloadFile(modelUrl, path.join(staging, 'model.json'), {
    timeoutMs,
    signal,
    maxBytes: MAX_MODEL_JSON_BYTES,
    onBytes: (bytes) => onProgress?.(bytes, undefined, 'model.json'),
  });
  const info = parseModelJson(await fs.promises.readFile(path.join(staging, 'model.json'), 'utf8'), modelUrl.href);
  const known = info.groups.every((group) => group.bytes !== undefined);
  const total = known ? info.groups.reduce((sum, group) => sum + (group.bytes ?? 0), modelJson.bytes) : undefined;

  // Resolve every URL and target first, so that one unsafe path fails the model before any weight is fetched.
  const tasks = info.groups.flatMap((group) =>
    group.paths.map((weightPath) => ({
      weightPath,
      url: weightUrl(modelUrl, weightPath),
      target: weightFilePath(staging, weightPath),
      maxBytes: group.bytes ?? MAX_UNKNOWN_GROUP_BYTES,
    })),
  );
  const received = new Map<string, number>();
  let done = modelJson.bytes;
  onProgress?.(done, total, 'model.json');

  // One failure stops the other downloads; the first real error is the one reported.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  let firstError: unknown;
  const pool = createPool(PARALLEL_FILES);
  const digests = new Map<string, FileDigest>();
  try {
    await Promise.allSettled(
      tasks.map((task) =>
        pool(async () => {
          if (stop.signal.aborted) return;
          try {
            const file = await downloadFile(task.url, task.target, {
              timeoutMs,
              signal: stop.signal,
              maxBytes: task.maxBytes,
              onBytes: (bytes) => {
                done += bytes - (received.get(task.weightPath) ?? 0);
                received.set(task.weightPath, bytes);
                onProgress?.(done, total, task.weightPath);
              },
            });
            digests.set(task.weightPath, { path: task.weightPath, ...file });
          } catch (error) {
            firstError ??= error;
            stop.abort(error);
          }
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw abortError(signal);
  if (firstError !== undefined) throw firstError;
  checkWeightSizes(info.groups, (weightPath) => digests.get(weightPath)?.bytes, modelUrl.href);
  return [{ path: 'model.json', ...modelJson }, ...tasks.map((task) => digests.get(task.weightPath) as FileDigest)];
}
