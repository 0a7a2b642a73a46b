/** The base models the extension knows by name, and the shape of any base model once resolved to local files. */

export type ModelKind = 'layers' | 'graph';
export type InputRange = readonly [-1, 1] | readonly [0, 1];
export type ModelSource = 'builtin-cache' | 'path' | 'url-cache';

/** A base model on this machine, verified, ready for a loader (see readModelArtifacts). */
export interface ResolvedModel {
  /** The built-in name, or the model's folder name for paths and URLs. */
  readonly name: string;
  readonly kind: ModelKind;
  /** Absolute path of model.json; its weight files lie beside it. */
  readonly modelJsonPath: string;
  /** Layer (layers models) or node (graph models) whose output is the embedding. */
  readonly embeddingNode: string;
  readonly inputSize: { readonly height: number; readonly width: number };
  /** Pixel values the model expects: RGB scaled from [0, 255] to this range. */
  readonly inputRange: InputRange;
  readonly source: ModelSource;
  /** Where the files were downloaded from (builtin-cache, url-cache). */
  readonly url?: string;
  /** sha256 over model.json and every weight file: changes whenever the model does, so it keys embedding caches. */
  readonly fingerprint: string;
  /** Sum of the weight files' sizes. */
  readonly weightBytes: number;
}

export const BASE_MODEL_SETTING = 'surgeryClassifier.baseModel';
export const EMBEDDING_SETTING = 'surgeryClassifier.embeddingLayer';

/** The host the official tfjs models are served from; tests replace it with a loopback server. */
export const OFFICIAL_MODEL_BASE_URL = 'https://storage.googleapis.com/tfjs-models/tfjs';

export interface BuiltinModel {
  readonly name: string;
  readonly alpha: string;
  /** Length of the embedding vector. */
  readonly embeddingSize: number;
  readonly description: string;
}

export const BUILTIN_MODELS: readonly BuiltinModel[] = [
  {
    name: 'mobilenet_v1_0.25_224',
    alpha: '0.25',
    embeddingSize: 256,
    description: 'MobileNet V1 0.25: the fastest on CPU (1.9 MB).',
  },
  {
    name: 'mobilenet_v1_0.50_224',
    alpha: '0.50',
    embeddingSize: 512,
    description: 'MobileNet V1 0.50: between 0.25 and 0.75 in speed and accuracy.',
  },
  {
    name: 'mobilenet_v1_0.75_224',
    alpha: '0.75',
    embeddingSize: 768,
    description: 'MobileNet V1 0.75: more accurate, about 3x slower than 0.25 (10.4 MB).',
  },
  {
    name: 'mobilenet_v1_1.0_224',
    alpha: '1.0',
    embeddingSize: 1024,
    description: 'MobileNet V1 1.0: the most accurate and the slowest.',
  },
];

export const DEFAULT_BASE_MODEL = 'mobilenet_v1_0.25_224';

/** What every built-in shares: Keras MobileNet converted to a tfjs LayersModel. */
export const BUILTIN_EMBEDDING_LAYER = 'global_average_pooling2d_1';
export const BUILTIN_INPUT_SIZE = { height: 224, width: 224 } as const;

/** The embedding node of the TF Hub mobilenet_v1 classification module converted to a tfjs GraphModel. */
export const TFHUB_MOBILENET_EMBEDDING_NODE = 'module_apply_default/MobilenetV1/Logits/global_pool';

export function findBuiltinModel(name: string): BuiltinModel | undefined {
  return BUILTIN_MODELS.find((model) => model.name === name);
}

/** The model.json URL of a built-in; `baseUrl` stands in for the official host. */
export function builtinModelUrl(model: BuiltinModel, baseUrl: string = OFFICIAL_MODEL_BASE_URL): string {
  return `${baseUrl.replace(/\/+$/, '')}/mobilenet_v1_${model.alpha}_224/model.json`;
}
