// The event files of one training run, laid out like retrain.py's summaries: <run>/logs/train and
// <run>/logs/validation, so `tensorboard --logdir <run>/logs` (or the runs folder) draws train and
// validation as two runs on the same charts.
import * as path from 'node:path';
import { EventFileWriter, type EventFileWriterOptions } from './eventFileWriter';

export const TRAINING_SPLITS = ['train', 'validation'] as const;
export type TrainingSplit = (typeof TRAINING_SPLITS)[number];

/** The scalar names the original retrain.py workflow watched, plus the learning rate. */
export const TRAINING_SCALAR_TAGS = ['accuracy', 'cross_entropy', 'learning_rate'] as const;
export type TrainingScalarTag = (typeof TRAINING_SCALAR_TAGS)[number];

export class TrainingLogWriter {
  private constructor(
    /** `<run>/logs`, the folder to give TensorBoard. */
    readonly logDir: string,
    private readonly writers: Readonly<Record<TrainingSplit, EventFileWriter>>,
  ) {}

  static async create(runDir: string, options?: EventFileWriterOptions): Promise<TrainingLogWriter> {
    const logDir = path.join(runDir, 'logs');
    const created = await Promise.allSettled(
      TRAINING_SPLITS.map((split) => EventFileWriter.create(path.join(logDir, split), options)),
    );
    const [train, validation] = created;
    if (train.status === 'fulfilled' && validation.status === 'fulfilled') {
      return new TrainingLogWriter(logDir, { train: train.value, validation: validation.value });
    }
    // Do not leak the one that opened.
    await Promise.allSettled(
      created.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
    );
    throw firstFailure(created);
  }

  /** The event file of a split. */
  file(split: TrainingSplit): string {
    return this.writers[split].file;
  }

  scalar(split: TrainingSplit, tag: TrainingScalarTag, value: number, step: number | bigint, wallTime?: number): void {
    this.writers[split].addScalar(tag, value, step, wallTime);
  }

  /** Encoded Summary.Value messages (histograms in train, PR curves in validation) as one event. */
  values(split: TrainingSplit, values: readonly Uint8Array[], step: number | bigint, wallTime?: number): void {
    this.writers[split].addValues(values, step, wallTime);
  }

  async flush(): Promise<void> {
    await Promise.all(TRAINING_SPLITS.map((split) => this.writers[split].flush()));
  }

  /** Closes both files, even when one fails; rejects with the first failure. */
  async close(): Promise<void> {
    const results = await Promise.allSettled(TRAINING_SPLITS.map((split) => this.writers[split].close()));
    if (results.some((result) => result.status === 'rejected')) throw firstFailure(results);
  }
}

function firstFailure(results: readonly PromiseSettledResult<unknown>[]): unknown {
  return results.find((result): result is PromiseRejectedResult => result.status === 'rejected')?.reason;
}
