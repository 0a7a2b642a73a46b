// Everything a run logs for TensorBoard beyond its three scalars, gathered from what training has
// at hand: sample frames (images), the head's weights (histograms), PR curves, the hparams session
// with its final metrics, and the embedding projector; plus the dashboard's copies (images/,
// distributions.jsonl). Logging is an extra: any failure here becomes one warning line in the
// worker's log and never fails or stops the training run.
//   <run>/logs/             the hparams session, samples/<class>, final/* scalars, projector files
//   <run>/logs/train/       histograms head/<layer>/<kernel|bias> each epoch (beside the scalars)
//   <run>/logs/validation/  pr_curve/<class> each epoch
//   <run>/logs/test/        pr_curve/<class> and misclassified/<true>/as_<predicted> at the end
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { argMax } from '../core/metrics/classification';
import { EventFileWriter } from '../core/tensorboard/eventFileWriter';
import { SessionStatus, experimentValue, sessionEndValue, sessionStartValue } from '../core/tensorboard/hparams';
import type { TrainingLogWriter } from '../core/tensorboard/trainingLogWriter';
import { FINAL_METRIC_TAGS, trainingExperiment, trainingHparamValues } from '../core/tensorboard/trainingHparams';
import type { RunImage } from '../shared/dashboardProtocol';
import type { EpochMetrics, TrainConfig } from '../shared/workerProtocol';
import type { SplitTensors } from './datasetTensors';
import { headWeights, predictFlat, prCurveValues } from './epochLogs';
import { makeSprite, projectorSample, writeProjector, type ProjectorSample, type Sprite } from './projectorExport';
import { IMAGES_FOLDER, misclassifiedGrids, sampleGrids, writeImagesIndex, type ScoredFrame } from './richImages';
import type { tf } from './tfjs';

export const DISTRIBUTIONS_FILE = 'distributions.jsonl';

export interface RichLogsOptions {
  readonly runDir: string;
  readonly config: TrainConfig;
  readonly classes: readonly string[];
  readonly backendUsed: string;
  readonly train: SplitTensors;
  /** Known before training: the projector's sprite of their frames is made while the head trains. */
  readonly validation: SplitTensors | undefined;
  readonly test: SplitTensors | undefined;
  /** The scalars' train and validation event files; histograms and PR curves join them. */
  readonly logs: TrainingLogWriter;
  /**
   * Fine-tuning: a validation prediction goes through the trained blocks, as costly as the epoch's
   * evaluation itself, so validation PR curves are written once, for the kept weights, at the end.
   */
  readonly fineTuned: boolean;
  readonly log: (level: 'info' | 'warn', message: string) => void;
}

export interface RichLogsFinish {
  /** Cached features → probabilities, with the kept (best) weights. */
  readonly model: tf.LayersModel;
  readonly status: 'completed' | 'cancelled';
  readonly bestEpoch: number;
  readonly bestValidationAccuracy: number | undefined;
}

export interface TrainedHead {
  /** Cached features → probabilities. */
  readonly model: tf.LayersModel;
  /** Features → probabilities: the layers whose weights are logged. */
  readonly head: tf.LayersModel;
}

export class RichLogs {
  private seconds = 0;
  private warnings = 0;
  private lastStep = 0;
  /** The step each epoch ended at, so the kept epoch's curves can be placed. */
  private readonly epochSteps = new Map<number, number>();
  private images: Array<Omit<RunImage, 'src'>> = [];
  private closed = false;
  private sample: ProjectorSample | undefined;
  /** The projector's sprite, made in the background from start() on. */
  private sprite: Promise<Sprite | undefined> = Promise.resolve(undefined);
  private backgroundSeconds = 0;
  private backgroundWaitSeconds = 0;

  private constructor(
    private readonly options: RichLogsOptions,
    /** <run>/logs: undefined when it could not be opened (then only the per-split parts are written). */
    private readonly runWriter: EventFileWriter | undefined,
  ) {}

  /** Opens <run>/logs, starts the hparams session and logs the sample frames; never throws. */
  static async start(options: RichLogsOptions): Promise<RichLogs> {
    const started = performance.now();
    let runWriter: EventFileWriter | undefined;
    try {
      runWriter = await EventFileWriter.create(options.logs.logDir);
    } catch (error) {
      options.log(
        'warn',
        `TensorBoard: ${message(error)}; images, hparams and the projector are not logged for this run.`,
      );
    }
    const rich = new RichLogs(options, runWriter);
    rich.warnings += runWriter ? 0 : 1;
    await rich.guard('the hparams session start', async () => {
      const { config, backendUsed } = options;
      rich.runWriter?.addValues(
        [
          experimentValue(trainingExperiment()),
          sessionStartValue({ hparams: trainingHparamValues(config, backendUsed), startTimeSecs: Date.now() / 1000 }),
        ],
        0,
      );
    });
    rich.startSprite();
    await rich.guard('the sample frames', async () => {
      const rows = options.train.rows.filter((_, i) => !options.train.augmented[i]);
      const grids = await sampleGrids(
        options.runDir,
        options.config.datasetDir,
        options.classes,
        rows,
        options.config.seed,
      );
      rich.runWriter?.addValues(
        grids.map((g) => g.value),
        0,
      );
      rich.images.push(...grids.map((g) => g.image));
      await writeImagesIndex(options.runDir, rich.images);
      await rich.runWriter?.flush();
    });
    rich.seconds += (performance.now() - started) / 1000;
    return rich;
  }

  private projectorSplits(): Array<{ name: 'validation' | 'test'; tensors: SplitTensors }> {
    const { validation, test } = this.options;
    return [
      ...(validation ? [{ name: 'validation' as const, tensors: validation }] : []),
      ...(test ? [{ name: 'test' as const, tensors: test }] : []),
    ];
  }

  private startSprite(): void {
    if (!this.runWriter) return;
    const { config } = this.options;
    const sample = projectorSample(this.projectorSplits(), config.seed);
    if (!sample.points.length) return;
    this.sample = sample;
    const started = performance.now();
    const cacheDir = config.embeddingCacheDir ? path.join(config.embeddingCacheDir, 'sprites') : undefined;
    this.sprite = this.guard('the projector sprite', () => makeSprite(sample, config.datasetDir, cacheDir)).finally(
      () => (this.backgroundSeconds += (performance.now() - started) / 1000),
    );
  }

  /** After each epoch: the head's weights, and (without fine-tuning) the validation PR curves. */
  async epoch(metrics: EpochMetrics, trained: TrainedHead, validation: SplitTensors | undefined): Promise<void> {
    const started = performance.now();
    this.lastStep = metrics.step;
    this.epochSteps.set(metrics.epoch, metrics.step);
    await this.guard('the weight histograms', async () => {
      const { values, distributions } = await headWeights(trained.head);
      this.options.logs.values('train', values, metrics.step);
      await fs.promises.appendFile(
        path.join(this.options.runDir, DISTRIBUTIONS_FILE),
        JSON.stringify({ epoch: metrics.epoch, step: metrics.step, weights: distributions }) + '\n',
      );
    });
    if (validation && !this.options.fineTuned) {
      await this.guard('the validation PR curves', async () => {
        const scores = await predictFlat(trained.model, validation.x);
        this.options.logs.values(
          'validation',
          prCurveValues(this.options.classes, this.truthOf(validation), scores, 'validation'),
          metrics.step,
        );
      });
    }
    this.seconds += (performance.now() - started) / 1000;
  }

  /**
   * At the end (evaluation.json written, tensors not yet disposed): test PR curves, misclassified
   * frames, the projector, the final metrics and the session's end. Never throws.
   */
  async finish(result: RichLogsFinish): Promise<void> {
    if (this.closed) return;
    const started = performance.now();
    const { classes, runDir, config } = this.options;
    const evaluation = await this.guard('the test results (evaluation.json)', () => readEvaluation(runDir));
    const { validation, test } = this.options;
    let validationPredicted: number[] | undefined;
    if (validation && this.options.fineTuned) {
      await this.guard('the validation PR curves', async () => {
        const scores = await predictFlat(result.model, validation.x);
        validationPredicted = validation.rows.map((_, i) =>
          argMax(scores.subarray(i * classes.length, (i + 1) * classes.length)),
        );
        // The scalars' validation file is closed by now: a second, later file in logs/validation (TensorBoard reads a
        // folder's files in name order).
        const values = prCurveValues(classes, this.truthOf(validation), scores, 'validation, the kept epoch');
        await this.withWriter('validation', (writer) =>
          writer.addValues(values, this.epochSteps.get(result.bestEpoch) ?? this.lastStep),
        );
      });
    }
    const frames = evaluation?.predictions ?? [];
    if (test && frames.length === test.rows.length) {
      await this.guard('the test PR curves', async () => {
        const flat = Float32Array.from(frames.flatMap((f) => f.scores));
        await this.withWriter('test', (writer) =>
          writer.addValues(prCurveValues(classes, this.truthOf(test), flat, 'test'), this.lastStep),
        );
      });
      await this.guard('the misclassified test frames', async () => {
        const grids = await misclassifiedGrids(runDir, config.datasetDir, classes, frames);
        await this.withWriter('test', (writer) =>
          writer.addValues(
            grids.map((g) => g.value),
            this.lastStep,
          ),
        );
        this.images.push(...grids.map((g) => g.image));
        await writeImagesIndex(runDir, this.images);
      });
    }
    if (this.runWriter) {
      const logDir = this.options.logs.logDir;
      const waited = performance.now();
      const sprite = await this.sprite;
      this.backgroundWaitSeconds = (performance.now() - waited) / 1000;
      const sample = this.sample;
      if (sprite && sample) {
        await this.guard('the embedding projector', async () => {
          const predictedTest =
            test && frames.length === test.rows.length ? frames.map((f) => argMax(f.scores)) : undefined;
          const splits = this.projectorSplits().map((split) => {
            const predicted = split.name === 'validation' ? validationPredicted : predictedTest;
            return predicted ? { ...split, predicted } : split;
          });
          await writeProjector({ logDir, classes, splits, sample, sprite, model: result.model });
          if (sprite.failed)
            this.options.log(
              'warn',
              `TensorBoard: ${sprite.failed} frame(s) of the projector's sprite could not be read (grey thumbnails).`,
            );
        });
      }
      await this.guard('the final metrics', async () => {
        const temporal = evaluation?.temporal;
        const finals: Array<[string, number | undefined]> = [
          [FINAL_METRIC_TAGS.bestValidationAccuracy, result.bestValidationAccuracy],
          [FINAL_METRIC_TAGS.testAccuracy, evaluation?.accuracy],
          [FINAL_METRIC_TAGS.testMacroF1, evaluation?.macroF1],
          [FINAL_METRIC_TAGS.temporalAccuracy, temporal?.frameAccuracy],
          [FINAL_METRIC_TAGS.editScore, temporal?.editScore],
          [FINAL_METRIC_TAGS.f1At10, temporal?.f1At10],
          [FINAL_METRIC_TAGS.f1At25, temporal?.f1At25],
          [FINAL_METRIC_TAGS.f1At50, temporal?.f1At50],
        ];
        for (const [tag, value] of finals)
          if (value !== undefined && Number.isFinite(value)) this.runWriter?.addScalar(tag, value, this.lastStep);
      });
    }
    await this.end(result.status === 'completed' ? SessionStatus.success : SessionStatus.failure);
    this.seconds += (performance.now() - started) / 1000;
    const bytes = await sizeOf([
      path.join(runDir, 'logs'),
      path.join(runDir, IMAGES_FOLDER),
      path.join(runDir, DISTRIBUTIONS_FILE),
    ]);
    this.options.log(
      'info',
      `TensorBoard extras (images, histograms, PR curves, hparams, projector): ${this.seconds.toFixed(2)} s ` +
        `added to the run (of which ${this.backgroundWaitSeconds.toFixed(2)} s waiting for the sprite, made in ` +
        `${this.backgroundSeconds.toFixed(2)} s while the head trained), ${(bytes / 1e6).toFixed(1)} MB in logs/ ` +
        `and images/${this.warnings ? `, ${this.warnings} part(s) not written (see the warnings above)` : ''}`,
    );
  }

  /** The run failed: the session ends as a failure; never throws. */
  async abort(): Promise<void> {
    await this.end(SessionStatus.failure);
  }

  /**
   * Seconds logging added to the run so far (the bench's overhead figure): its own steps, and the wait for the sprite.
   */
  get elapsedSeconds(): number {
    return this.seconds;
  }

  private async end(status: SessionStatus): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.guard('the hparams session end', async () => {
      this.runWriter?.addValues([sessionEndValue({ status, endTimeSecs: Date.now() / 1000 })], this.lastStep);
    });
    await this.guard('the run’s event file', async () => this.runWriter?.close());
    for (const [split, writer] of this.lateWriters)
      await this.guard(`the ${split} event file`, () =>
        writer.then(
          (w) => w.close(),
          () => undefined,
        ),
      );
  }

  /** Event files opened at the end: logs/test, and with fine-tuning a second one in logs/validation. */
  private readonly lateWriters = new Map<'test' | 'validation', Promise<EventFileWriter>>();

  /** The split's late event file, created on first use; flushed after `use`. */
  private async withWriter(split: 'test' | 'validation', use: (writer: EventFileWriter) => void): Promise<void> {
    let opening = this.lateWriters.get(split);
    if (!opening) {
      opening = EventFileWriter.create(path.join(this.options.logs.logDir, split));
      opening.catch(() => undefined); // reported by the caller's guard, and again (harmlessly) at close
      this.lateWriters.set(split, opening);
    }
    const writer = await opening;
    use(writer);
    await writer.flush();
  }

  private truthOf(split: SplitTensors): number[] {
    return split.rows.map((row) => this.options.classes.indexOf(row.class));
  }

  /** Runs one part; a failure is logged as a warning and counted, never thrown. */
  private async guard<T>(what: string, part: () => Promise<T>): Promise<T | undefined> {
    try {
      return await part();
    } catch (error) {
      this.warnings++;
      this.options.log('warn', `TensorBoard: ${what} could not be logged: ${message(error)}`);
      return undefined;
    }
  }
}

interface EvaluationSummary {
  readonly accuracy?: number;
  readonly macroF1?: number;
  readonly temporal?: { frameAccuracy?: number; editScore?: number; f1At10?: number; f1At25?: number; f1At50?: number };
  readonly predictions: ScoredFrame[];
}

/** What the logs need of evaluation.json (undefined when the run has no test split). */
async function readEvaluation(runDir: string): Promise<EvaluationSummary | undefined> {
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(runDir, 'evaluation.json'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as {
    accuracy?: unknown;
    macroF1?: unknown;
    temporal?: { temporal?: { mean?: Record<string, unknown> } };
    predictions?: unknown;
  };
  const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const mean = parsed.temporal?.temporal?.mean ?? {};
  const predictions = Array.isArray(parsed.predictions)
    ? (parsed.predictions as ScoredFrame[]).filter((p) => typeof p?.path === 'string' && Array.isArray(p.scores))
    : [];
  return {
    accuracy: num(parsed.accuracy),
    macroF1: num(parsed.macroF1),
    temporal: {
      frameAccuracy: num(mean.frameAccuracy),
      editScore: num(mean.editScore),
      f1At10: num(mean.f1At10),
      f1At25: num(mean.f1At25),
      f1At50: num(mean.f1At50),
    },
    predictions,
  };
}

async function sizeOf(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const entry of paths) {
    const stat = await fs.promises.stat(entry).catch(() => undefined);
    if (!stat) continue;
    if (stat.isDirectory())
      total += await sizeOf((await fs.promises.readdir(entry)).map((name) => path.join(entry, name)));
    else total += stat.size;
  }
  return total;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0];
