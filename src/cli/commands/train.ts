import * as os from 'node:os';
import * as path from 'node:path';
import { AUGMENTATION_KINDS, defaultRunName, TRAIN_DEFAULTS } from '../../core/training/trainDefaults';
import { TrainingProcess, WorkerDiedError } from '../../core/training/workerProcess';
import type { BackendChoice, TrainConfig, TrainResult } from '../../shared/workerProtocol';
import { emptyClassWarning } from '../../core/training/emptyClasses';
import { parseArgs, UsageError } from '../args';

export const TRAIN_USAGE =
  `Usage: surgery-classifier train DATASET --out RUNS [options]

Trains a classifier head on a frozen ImageNet backbone over a dataset made by \`extract\`, in a worker process.
Writes RUNS/<time>-<name>/: config.json, labels.json, model/, metrics.jsonl, evaluation.json, logs/ (TensorBoard).

Options:
  --out RUNS               folder of the runs
  --name NAME              run name (default: the dataset folder's name)
  --base-model NAME|PATH|URL  default ${TRAIN_DEFAULTS.baseModel} (built-in: mobilenet_v1_{0.25,0.50,0.75,1.0}_224)
  --embedding-node NAME    layer/node whose output is the embedding (default: the model's known one)
  --epochs N               default ${TRAIN_DEFAULTS.epochs}
  --batch-size N           default ${TRAIN_DEFAULTS.batchSize}
  --learning-rate X        default ${TRAIN_DEFAULTS.learningRate}
  --hidden N               hidden units of the head, 0 for none (default ${TRAIN_DEFAULTS.hiddenUnits})
  --dropout X              default ${TRAIN_DEFAULTS.dropout}
  --patience N             early stopping patience in epochs, 0 = off (default ${TRAIN_DEFAULTS.patience})
  --class-weighting auto|on|off   default auto (on when classes are imbalanced)
  --fine-tune-blocks N     also train the last N blocks of a layers base model, 0-13 ` +
  `(default ${TRAIN_DEFAULTS.fineTuneBlocks})
  --augment KINDS          augment training frames: a comma list of flip,brightness,crop (default none)
  --augmented-copies K     augmented copies per training frame, 1-10 (default ${TRAIN_DEFAULTS.augmentedCopies})
  --backend auto|gpu|cpu-native|wasm|cpu   default auto
  --seed N                 default ${TRAIN_DEFAULTS.seed}
  --cache-dir DIR          base models and embeddings (default ~/.cache/surgery-classifier)
  --json                   print the result as JSON

Exit status: 0 trained, 1 training failed, 2 usage error, 130 cancelled (Ctrl+C; the best weights are kept).`;

interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runTrain(argv: readonly string[], out: Output): Promise<number> {
  const { positionals, options } = parseArgs(argv, {
    out: 'value',
    name: 'value',
    'base-model': 'value',
    'embedding-node': 'value',
    epochs: 'value',
    'batch-size': 'value',
    'learning-rate': 'value',
    hidden: 'value',
    dropout: 'value',
    patience: 'value',
    'class-weighting': 'value',
    backend: 'value',
    seed: 'value',
    'cache-dir': 'value',
    'model-base-url': 'value',
    'log-every': 'value',
    'fine-tune-blocks': 'value',
    augment: 'value',
    'augmented-copies': 'value',
    json: 'flag',
    help: 'flag',
  });
  if (options.has('help')) {
    out.stdout(TRAIN_USAGE);
    return 0;
  }
  const text = (name: string): string | undefined =>
    typeof options.get(name) === 'string' ? (options.get(name) as string) : undefined;
  const number = (name: string, fallback: number, valid: (n: number) => boolean = (n) => n >= 0): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || !valid(value))
      throw new UsageError(`--${name} must be a valid number, not "${raw}".`);
    return value;
  };
  if (positionals.length !== 1) throw new UsageError('Give the dataset folder (the output of extract).');
  const runsDir = text('out');
  if (!runsDir) throw new UsageError('--out RUNS is required.');
  const backend = (text('backend') ?? 'auto') as BackendChoice;
  if (!['auto', 'gpu', 'cpu-native', 'wasm', 'cpu'].includes(backend))
    throw new UsageError(`--backend must be auto, gpu, cpu-native, wasm or cpu, not "${backend}".`);
  const classWeighting = (text('class-weighting') ?? 'auto') as TrainConfig['classWeighting'];
  if (!['auto', 'on', 'off'].includes(classWeighting))
    throw new UsageError('--class-weighting must be auto, on or off.');
  const augmentation = (text('augment') ?? '')
    .split(',')
    .map((kind) => kind.trim())
    .filter(Boolean);
  const unknownKind = augmentation.find((kind) => !(AUGMENTATION_KINDS as readonly string[]).includes(kind));
  if (unknownKind !== undefined)
    throw new UsageError(`--augment takes a comma list of ${AUGMENTATION_KINDS.join(', ')}, not "${unknownKind}".`);
  const cacheDir = path.resolve(text('cache-dir') ?? path.join(os.homedir(), '.cache', 'surgery-classifier'));
  const config: TrainConfig = {
    ...TRAIN_DEFAULTS,
    datasetDir: path.resolve(positionals[0]),
    runsDir: path.resolve(runsDir),
    runName: text('name') ?? defaultRunName(positionals[0]),
    baseModel: text('base-model') ?? TRAIN_DEFAULTS.baseModel,
    embeddingNode: text('embedding-node') ?? '',
    modelCacheDir: path.join(cacheDir, 'models'),
    embeddingCacheDir: path.join(cacheDir, 'embeddings'),
    modelBaseUrl: text('model-base-url'),
    backend,
    epochs: number('epochs', TRAIN_DEFAULTS.epochs, (n) => Number.isInteger(n) && n >= 1),
    batchSize: number('batch-size', TRAIN_DEFAULTS.batchSize, (n) => Number.isInteger(n) && n >= 1),
    learningRate: number('learning-rate', TRAIN_DEFAULTS.learningRate, (n) => n > 0),
    hiddenUnits: number('hidden', TRAIN_DEFAULTS.hiddenUnits, (n) => Number.isInteger(n) && n >= 0),
    dropout: number('dropout', TRAIN_DEFAULTS.dropout, (n) => n >= 0 && n < 1),
    patience: number('patience', TRAIN_DEFAULTS.patience, (n) => Number.isInteger(n) && n >= 0),
    classWeighting,
    seed: number('seed', TRAIN_DEFAULTS.seed, Number.isInteger),
    logEverySteps: number('log-every', TRAIN_DEFAULTS.logEverySteps, (n) => Number.isInteger(n) && n >= 1),
    fineTuneBlocks: number(
      'fine-tune-blocks',
      TRAIN_DEFAULTS.fineTuneBlocks,
      (n) => Number.isInteger(n) && n >= 0 && n <= 13,
    ),
    // Canonical order: the same set of kinds always gives the same cache keys.
    augmentation: AUGMENTATION_KINDS.filter((kind) => augmentation.includes(kind)),
    augmentedCopies: number(
      'augmented-copies',
      TRAIN_DEFAULTS.augmentedCopies,
      (n) => Number.isInteger(n) && n >= 1 && n <= 10,
    ),
  };

  let lastProgress = 0;
  const training = new TrainingProcess(path.join(__dirname, 'worker.js'), config, {
    onMessage: (message) => {
      if (message.type === 'log' && message.level !== 'info') out.stderr(`${message.level}: ${message.message}`);
      if (message.type === 'backend') {
        const diagnosis = message.report.diagnosis.length ? ` (${message.report.diagnosis.join(' ')})` : '';
        out.stderr(`backend: ${message.report.used}${diagnosis}`);
      }
      if (message.type === 'epoch') {
        const m = message.metrics;
        const validation =
          m.validationAccuracy === undefined
            ? ''
            : ` · val loss ${m.validationLoss!.toFixed(4)} val acc ${m.validationAccuracy.toFixed(3)}`;
        out.stderr(
          `epoch ${m.epoch}/${config.epochs}: loss ${m.trainLoss.toFixed(4)} ` +
            `acc ${m.trainAccuracy.toFixed(3)}${validation}`,
        );
      }
      if (message.type === 'progress' && message.phase === 'evaluating' && message.total > 1)
        out.stderr(`temporal model: held-out fold ${message.done}/${message.total}`);
      if (message.type === 'progress' && message.phase === 'embedding' && Date.now() - lastProgress > 2000) {
        lastProgress = Date.now();
        out.stderr(`embeddings ${message.done}/${message.total}`);
      }
    },
  });
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      out.stderr('Cancelling after the current batch (Ctrl+C again to stop at once)…');
      training.cancel();
    } else {
      training.kill();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result: TrainResult = await training.result;
    out.stdout(options.has('json') ? JSON.stringify(result, null, 2) : formatResult(result));
    return result.status === 'cancelled' ? 130 : 0;
  } catch (error) {
    out.stderr(`surgery-classifier train: ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof WorkerDiedError && interrupts > 1 ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function temporalLine(t: NonNullable<TrainResult['temporal']['test']>): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return (
    `Test videos, mean over ${t.videos}: accuracy ${pct(t.frameAccuracy)} with the temporal model, ` +
    `${pct(t.frameOnlyAccuracy)} frame only, ${pct(t.majorityBaseline)} always answering the most common class; ` +
    `edit ${t.editScore.toFixed(1)}, F1@25 ${t.f1At25.toFixed(1)}.`
  );
}

function formatResult(result: TrainResult): string {
  const percent = (x: number | undefined) => (x === undefined ? 'n/a' : `${(x * 100).toFixed(1)} %`);
  return [
    `Run ${result.status}: ${result.runDir}`,
    `Backend ${result.backend.used}; best epoch ${result.bestEpoch}; validation accuracy ` +
      `${percent(result.validationAccuracy)}; test accuracy ${percent(result.testAccuracy)} (held-out videos).`,
    `Temporal model: ${result.temporal.name} (chosen on ${result.temporal.basis}).`,
    ...(result.temporal.test ? [temporalLine(result.temporal.test)] : []),
    `Embeddings: ${result.embeddingsComputed} computed, ${result.embeddingsCached} from the cache.`,
    ...result.skippedImages.map((s) => `Skipped ${s.path}: ${s.reason}`),
    ...result.emptyClasses.map((name) => `Warning: ${emptyClassWarning(name)}`),
    `TensorBoard: tensorboard --logdir ${path.dirname(result.runDir)}`,
  ].join('\n');
}
