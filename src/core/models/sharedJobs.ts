import { abortError } from '../ffmpeg/abort';

export interface JobCaller<P extends unknown[]> {
  readonly signal?: AbortSignal;
  readonly onProgress?: (...progress: P) => void;
}

interface Job<T, P extends unknown[]> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  readonly listeners: Set<(...progress: P) => void>;
  waiters: number;
}

/**
 * Runs one job per key at a time: a caller that asks for a key already in progress waits for the same result and
 * hears its progress. A caller that aborts stops waiting at once; the job itself is aborted only when no caller is
 * left, so one cancelled resolve never fails another.
 */
export class SharedJobs<T, P extends unknown[]> {
  private readonly jobs = new Map<string, Job<T, P>>();

  run(
    key: string,
    start: (signal: AbortSignal, progress: (...progress: P) => void) => Promise<T>,
    caller: JobCaller<P> = {},
  ): Promise<T> {
    if (caller.signal?.aborted) return Promise.reject(abortError(caller.signal));
    let job = this.jobs.get(key);
    if (!job || job.controller.signal.aborted) job = this.start(key, start);
    return this.wait(job, caller);
  }

  /** Jobs in progress, for tests. */
  get size(): number {
    return this.jobs.size;
  }

  private start(
    key: string,
    start: (signal: AbortSignal, progress: (...progress: P) => void) => Promise<T>,
  ): Job<T, P> {
    const controller = new AbortController();
    const listeners = new Set<(...progress: P) => void>();
    const promise = Promise.resolve().then(() =>
      start(controller.signal, (...progress) => {
        for (const listener of listeners) listener(...progress);
      }),
    );
    const job: Job<T, P> = { promise, controller, listeners, waiters: 0 };
    this.jobs.set(key, job);
    const forget = (): void => {
      if (this.jobs.get(key) === job) this.jobs.delete(key);
    };
    promise.then(forget, forget);
    return job;
  }

  private wait(job: Job<T, P>, caller: JobCaller<P>): Promise<T> {
    const { signal, onProgress } = caller;
    job.waiters++;
    if (onProgress) job.listeners.add(onProgress);
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const leave = (): void => {
        done = true;
        job.waiters--;
        if (onProgress) job.listeners.delete(onProgress);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        if (done) return;
        leave();
        if (job.waiters === 0) job.controller.abort(signal?.reason);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      job.promise.then(
        (value) => {
          if (done) return;
          leave();
          resolve(value);
        },
        (error: unknown) => {
          if (done) return;
          leave();
          reject(error);
        },
      );
    });
  }
}
