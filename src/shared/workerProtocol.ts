/**
 * The one channel between the extension host (or CLI) and the training worker process.
 * Both sides import these types; messages travel over Node's IPC channel (child_process.fork).
 */

export type BackendChoice = 'auto' | 'gpu' | 'cpu-native' | 'wasm' | 'cpu';

export interface TrainConfig {
  /** Folder written by Extract Frames: manifest.jsonl, dataset.json, <split>/<class>/*.jpg. */
  readonly datasetDir: string;
  /** Where run folders are created: <runsDir>/<time>-<name>/. */
  readonly runsDir: string;
  readonly runName: string;
  /** Built-in name (mobilenet_v1_0.25_224 …), a folder/model.json path, or a URL of a model.json. */
  readonly baseModel: string;
  /** Layer (layers models) or node (graph models) whose output is the embedding; '' = the model's known default. */
  readonly embeddingNode: string;
  /** Downloaded base models. */
  readonly modelCacheDir: string;
  /** Embeddings per (image content, base model), like retrain.py's bottlenecks. */
  readonly embeddingCacheDir: string;
  /** For tests: replaces the official model host (https://storage.googleapis.com/tfjs-models/tfjs). */
  readonly modelBaseUrl?: string;
  readonly backend: BackendChoice;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** 0: a single softmax layer on the embedding. */
  readonly hiddenUnits: number;
  readonly dropout: number;
  /** auto: weight classes by inverse frequency when the largest class is over 1.5× the smallest. */
  readonly classWeighting: 'auto' | 'on' | 'off';
  /** Epochs without a better validation result before stopping; 0 = never stop early. */
  readonly patience: number;
  readonly seed: number;
  /** Log training scalars every this many steps (batches). */
  readonly logEverySteps: number;
  /** Also train the last N blocks of a layers base model (0: the head alone); activations are cached at their input. */
  readonly fineTuneBlocks: number;
  /** flip: horizontal mirror; brightness: ±20 %; crop: a random 85–100 % crop. Training frames only; empty: none. */
  readonly augmentation: ReadonlyArray<'flip' | 'brightness' | 'crop'>;
  /** Augmented copies per training frame (with `augmentation`), each embedded once and cached. */
  readonly augmentedCopies: number;
}

export interface EpochMetrics {
  readonly epoch: number;
  readonly step: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly validationLoss: number | undefined;
  readonly validationAccuracy: number | undefined;
  readonly learningRate: number;
}

export interface BackendReport {
  /** What ran: tensorflow (native, GPU or CPU), wasm or cpu. */
  readonly used: 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  readonly requested: BackendChoice;
  /** Why a faster backend was not used, in words a user can act on; empty when the first choice worked. */
  readonly diagnosis: string[];
}

export interface TrainResult {
  readonly runDir: string;
  readonly status: 'completed' | 'cancelled';
  readonly bestEpoch: number;
  readonly testAccuracy: number | undefined;
  readonly validationAccuracy: number | undefined;
  readonly backend: BackendReport;
  readonly skippedImages: ReadonlyArray<{ path: string; reason: string }>;
  /** Classes with no training frame: kept in the head (its outputs stay aligned with labels.json) but never learned. */
  readonly emptyClasses: readonly string[];
  readonly embeddingsComputed: number;
  readonly embeddingsCached: number;
  /** The run's temporal model (temporal.json) and how it read the test videos (mean over them). */
  readonly temporal: {
    readonly name: string;
    readonly basis: string;
    readonly test?: {
      readonly videos: number;
      readonly frameAccuracy: number;
      readonly frameOnlyAccuracy: number;
      readonly majorityBaseline: number;
      readonly editScore: number;
      readonly f1At25: number;
    };
  };
}

/** Per-class scores of images with a run's saved classifier (the spot-check panel, `predict`). */
export interface PredictImagesJob {
  readonly runDir: string;
  /** Absolute paths. */
  readonly images: readonly string[];
  readonly backend: BackendChoice;
}

export interface ImagePrediction {
  readonly image: string;
  /** Class → probability, in labels.json order; undefined when the image could not be read. */
  readonly scores?: Record<string, number>;
  readonly error?: string;
}

/** A run's saved classifier applied every `everySeconds` over a whole video (the timeline panel). */
export interface PredictVideoJob {
  readonly runDir: string;
  readonly video: string;
  readonly everySeconds: number;
  readonly backend: BackendChoice;
  /** From the user's settings; empty = the bundled or PATH tools. */
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
}

export interface VideoPrediction {
  /** Class names, in the model's output order. */
  readonly classes: readonly string[];
  /** Seconds of each scored frame, ascending. */
  readonly times: readonly number[];
  /** scores[i][c]: probability of classes[c] at times[i]. */
  readonly scores: ReadonlyArray<readonly number[]>;
  readonly durationSeconds: number;
  /** The tfjs backend that scored the frames. */
  readonly backend: string;
}

/** One job per worker process: what the extension or the CLI asks for. */
export type WorkerJob =
  | { readonly type: 'train'; readonly config: TrainConfig }
  | { readonly type: 'predict-images'; readonly job: PredictImagesJob }
  | { readonly type: 'predict-video'; readonly job: PredictVideoJob };

/** What each job resolves to. */
export type JobResult<J extends WorkerJob> = J extends { type: 'train' }
  ? TrainResult
  : J extends { type: 'predict-images' }
    ? ImagePrediction[]
    : VideoPrediction;

export type ToWorker = WorkerJob | { readonly type: 'cancel' };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'backend'; readonly report: BackendReport }
  | { readonly type: 'run'; readonly runDir: string }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  | {
      readonly type: 'progress';
      readonly phase: 'model' | 'embedding' | 'training' | 'evaluating' | 'predicting';
      readonly done: number;
      readonly total: number;
      readonly epoch?: number;
      readonly epochs?: number;
      readonly validationAccuracy?: number;
    }
  | { readonly type: 'epoch'; readonly metrics: EpochMetrics }
  | { readonly type: 'done'; readonly result: TrainResult }
  | { readonly type: 'images-done'; readonly predictions: ImagePrediction[] }
  | { readonly type: 'video-done'; readonly prediction: VideoPrediction }
  | { readonly type: 'failed'; readonly message: string; readonly runDir?: string };

/** Narrowing for messages that arrive as `unknown` over IPC. */
export function isFromWorker(value: unknown): value is FromWorker {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function isToWorker(value: unknown): value is ToWorker {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'train' || type === 'predict-images' || type === 'predict-video' || type === 'cancel';
}
