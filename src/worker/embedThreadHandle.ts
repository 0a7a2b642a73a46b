import { Worker, type ResourceLimits } from 'node:worker_threads';
import { isFromThread, type EmbedRequest, type ThreadInit } from './embedThreadProtocol';

interface Job {
  readonly count: number;
  resolve(embeddings: Float32Array): void;
  reject(error: Error): void;
}

/**
 * One embedding thread seen from the calling thread: batches out, flat embeddings back. When the
 * thread dies (uncaught error, out of memory, exit) its batches and every later one reject with why;
 * nothing waits forever.
 */
export class EmbedThreadHandle {
  /** The embedding size, once the thread has loaded its model. */
  readonly ready: Promise<number>;
  /** Resolves when the thread has ended, for whatever reason. */
  readonly exited: Promise<void>;
  /** Images sent and not yet answered: the pool gives new work to the least busy thread. */
  queued = 0;
  private readonly worker: Worker;
  private readonly jobs = new Map<number, Job>();
  private nextId = 0;
  private size = 0;
  private failure: Error | undefined;
  private disposed = false;
  private settleReady!: { resolve(size: number): void; reject(error: Error): void };

  constructor(
    script: string,
    init: ThreadInit,
    readonly label: string,
    private readonly onFailure: (error: Error) => void,
    resourceLimits?: ResourceLimits,
  ) {
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    this.ready.catch(() => undefined); // a failure before anyone awaits ready is reported by embed, not as unhandled
    this.worker = new Worker(script, { workerData: init, resourceLimits });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (message: unknown) => this.receive(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      const why = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'ran out of memory' : `crashed: ${error.message}`;
      this.fail(`${this.label} ${why}`);
    });
    this.worker.on('messageerror', (error: Error) =>
      this.fail(`${this.label} sent a message that could not be read: ${error.message}`),
    );
    this.worker.on('exit', (code: number) => this.fail(`${this.label} exited unexpectedly (code ${code})`));
  }

  /** inputs' buffers are transferred: they are unusable here afterwards. */
  embed(inputs: Float32Array[]): Promise<Float32Array> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const request: EmbedRequest = { type: 'embed', id, inputs };
    return new Promise<Float32Array>((resolve, reject) => {
      // postMessage throws for an input whose buffer was already moved away: that batch alone fails.
      this.worker.postMessage(
        request,
        inputs.map((a) => a.buffer as ArrayBuffer),
      );
      this.jobs.set(id, { count: inputs.length, resolve, reject });
      this.queued += inputs.length;
    });
  }

  /** Ends the thread; batches still running reject with reason. */
  dispose(reason = new Error('The embedder was disposed.')): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stop(this.failure ?? reason);
  }

  private receive(message: unknown): void {
    if (!isFromThread(message)) return this.fail(`${this.label} sent an unknown message`);
    if (message.type === 'ready') {
      this.size = message.size;
      return this.settleReady.resolve(message.size);
    }
    if (message.id === undefined)
      return this.fail(
        `${this.label} could not load the base model: ${message.type === 'failed' ? message.message : 'no batch id'}`,
      );
    const job = this.jobs.get(message.id);
    if (!job) return;
    this.jobs.delete(message.id);
    this.queued -= job.count;
    if (message.type === 'failed') job.reject(new Error(`${this.label} could not embed a batch: ${message.message}`));
    else if (message.embeddings.length !== job.count * this.size)
      job.reject(
        new Error(
          `${this.label} returned ${message.embeddings.length} values for ${job.count} image(s) of ${this.size}`,
        ),
      );
    else job.resolve(message.embeddings);
  }

  /** The first failure wins; later ones (the exit after an error) add nothing. */
  private fail(message: string): void {
    if (this.failure || this.disposed) return;
    this.stop(new Error(message));
    this.onFailure(this.failure!);
  }

  private stop(error: Error): void {
    this.failure = error;
    this.settleReady.reject(error);
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
    this.queued = 0;
    void this.worker.terminate();
  }
}
