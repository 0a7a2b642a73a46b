// Appends TensorBoard event records to one file. Records are buffered and written in order as whole
// records, so a reader (TensorBoard polls while we write) never sees half a record.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventFileName } from './eventFileName';
import { encodeEvent, FILE_VERSION } from './eventMessages';
import { frameRecord } from './tfRecord';

export interface EventFileWriterOptions {
  /** Write once this many records are waiting. Default 1000. */
  readonly maxPendingRecords?: number;
  /**
   * Write at most this long after a record is added; 0: only on flush(), close() or maxPendingRecords. Default 5000.
   */
  readonly flushIntervalMs?: number;
  /** Clock in milliseconds; for tests. */
  readonly now?: () => number;
  /** Name parts; for tests. */
  readonly hostname?: string;
  readonly pid?: number;
}

/** A failure of an event file, naming it. */
export class EventFileError extends Error {
  constructor(
    readonly file: string,
    action: string,
    cause: unknown,
  ) {
    super(
      `Could not ${action} TensorBoard event file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'EventFileError';
  }
}

/** Process-wide, so two writers created in the same second get different names. */
let fileCounter = 0;

export class EventFileWriter {
  private pending: Uint8Array[] = [];
  /** Every write chains onto this, so records reach the file in the order they were added. */
  private writing: Promise<void> = Promise.resolve();
  /** The first write failure; later flush() and close() calls reject with it. */
  private failure: EventFileError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private readonly maxPendingRecords: number;
  private readonly flushIntervalMs: number;
  private readonly now: () => number;

  private constructor(
    readonly file: string,
    private readonly handle: fs.promises.FileHandle,
    options: EventFileWriterOptions,
  ) {
    this.maxPendingRecords = Math.max(1, options.maxPendingRecords ?? 1000);
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 5000);
    this.now = options.now ?? Date.now;
  }

  /** Creates `dir` and a new event file in it, and writes the file-version record at once. */
  static async create(dir: string, options: EventFileWriterOptions = {}): Promise<EventFileWriter> {
    const now = options.now ?? Date.now;
    try {
      await fs.promises.mkdir(dir, { recursive: true });
    } catch (error) {
      throw new EventFileError(dir, 'create the folder of a', error);
    }
    const { file, handle } = await openNewFile(dir, now(), options);
    const writer = new EventFileWriter(file, handle, options);
    writer.enqueue(encodeEvent({ wallTime: now() / 1000, step: 0, fileVersion: FILE_VERSION }));
    try {
      await writer.flush();
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    return writer;
  }

  /**
   * Queues one scalar event; `wallTime` is in seconds (default: now). A write failure is reported by
   * the next flush() or close(), and records added after it are dropped.
   */
  addScalar(tag: string, value: number, step: number | bigint, wallTime?: number): void {
    if (this.closing) throw new Error(`TensorBoard event file ${this.file} is closed`);
    if (typeof tag !== 'string' || tag === '') throw new TypeError('a scalar needs a non-empty tag');
    if (typeof value !== 'number') throw new TypeError(`scalar ${tag}: value must be a number`);
    if (typeof step === 'number' && !Number.isSafeInteger(step))
      throw new RangeError(`scalar ${tag}: step must be an integer, got ${step}`);
    const seconds = wallTime ?? this.now() / 1000;
    if (!Number.isFinite(seconds)) throw new RangeError(`scalar ${tag}: wall time must be finite, got ${seconds}`);
    this.enqueue(encodeEvent({ wallTime: seconds, step, scalars: [{ tag, value }] }));
  }

  /**
   * Queues one event of encoded Summary.Value messages (images, histograms, PR curves, hparams:
   * summaryValue.ts). Same failure rules as addScalar.
   */
  addValues(values: readonly Uint8Array[], step: number | bigint, wallTime?: number): void {
    if (this.closing) throw new Error(`TensorBoard event file ${this.file} is closed`);
    if (typeof step === 'number' && !Number.isSafeInteger(step))
      throw new RangeError(`summary: step must be an integer, got ${step}`);
    const seconds = wallTime ?? this.now() / 1000;
    if (!Number.isFinite(seconds)) throw new RangeError(`summary: wall time must be finite, got ${seconds}`);
    if (values.length === 0) return;
    this.enqueue(encodeEvent({ wallTime: seconds, step, values }));
  }

  /** Writes every queued record; resolves when they are in the file. */
  flush(): Promise<void> {
    this.cancelTimer();
    if (this.pending.length > 0) {
      const chunk = Buffer.concat(this.pending);
      this.pending = [];
      this.writing = this.writing.then(() => this.write(chunk));
    }
    return this.writing.then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /** Flushes and closes the file; later calls return the same promise. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    await this.flush().catch(() => undefined); // a failure stays in this.failure
    try {
      await this.handle.close();
    } catch (error) {
      this.failure ??= new EventFileError(this.file, 'close', error);
    }
    if (this.failure) throw this.failure;
  }

  private enqueue(data: Uint8Array): void {
    if (this.failure) return;
    this.pending.push(frameRecord(data));
    if (this.pending.length >= this.maxPendingRecords) this.flushInBackground();
    else if (this.timer === undefined && this.flushIntervalMs > 0) {
      this.timer = setTimeout(() => this.flushInBackground(), this.flushIntervalMs);
      this.timer.unref(); // logging must not keep the process alive
    }
  }

  private flushInBackground(): void {
    this.flush().catch(() => undefined); // kept in this.failure for the next flush() or close()
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Never rejects, so the chain goes on; a failure is recorded and stops further writes. */
  private async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) return;
    try {
      let offset = 0;
      while (offset < chunk.length) {
        const { bytesWritten } = await this.handle.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
      }
    } catch (error) {
      this.failure = new EventFileError(this.file, 'write', error);
    }
  }
}

/** Opens a file that did not exist ('ax'), so a name clash never appends to another writer's file. */
async function openNewFile(
  dir: string,
  timeMs: number,
  options: EventFileWriterOptions,
): Promise<{ file: string; handle: fs.promises.FileHandle }> {
  const hostname = options.hostname ?? os.hostname();
  const pid = options.pid ?? process.pid;
  for (let attempt = 0; ; attempt++) {
    const file = path.join(dir, eventFileName({ timeMs, hostname, pid, counter: fileCounter++ }));
    try {
      return { file, handle: await fs.promises.open(file, 'ax') };
    } catch (error) {
      const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
      if (!exists || attempt >= 100) throw new EventFileError(file, 'create', error);
    }
  }
}
