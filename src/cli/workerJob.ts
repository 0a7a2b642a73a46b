import * as path from 'node:path';
import { abortError } from '../core/ffmpeg/abort';
import { WorkerProcess } from '../core/training/workerProcess';
import type { FromWorker, JobResult, WorkerJob } from '../shared/workerProtocol';

/** After a cancel, the worker has this long to stop at a safe point before it is killed. */
const CANCEL_GRACE_MS = 5000;

/**
 * The one way every CLI command reaches the worker: it forks dist/worker.js, as the extension does,
 * so tfjs never loads in the CLI's own process and a crash there is reported, not fatal. An aborted
 * signal cancels the job, then kills the worker after a grace period; the promise then rejects with
 * an AbortError.
 */
export async function runWorkerJob<J extends WorkerJob>(
  job: J,
  options: { signal?: AbortSignal; onMessage?: (message: FromWorker) => void } = {},
): Promise<JobResult<J>> {
  const worker = new WorkerProcess(path.join(__dirname, 'worker.js'), job, { onMessage: options.onMessage });
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    worker.cancel();
    killTimer = setTimeout(() => worker.kill(), CANCEL_GRACE_MS);
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await worker.result;
  } catch (error) {
    throw options.signal?.aborted ? abortError(options.signal) : error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
  }
}

/** Progress lines of a prediction job, at most one every two seconds. */
export function predictionProgress(print: (line: string) => void, what: string): (message: FromWorker) => void {
  let last = Date.now();
  return (message) => {
    if (message.type === 'log' && message.level !== 'info') print(`${message.level}: ${message.message}`);
    if (message.type !== 'progress' || message.phase !== 'predicting' || Date.now() - last < 2000) return;
    last = Date.now();
    print(`${what} ${message.done}/${message.total}`);
  };
}
