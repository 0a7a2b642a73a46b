import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAbortError } from '../ffmpeg/abort';
import {
  builtinModelUrl,
  DEFAULT_BASE_MODEL,
  findBuiltinModel,
  type InputRange,
  type ModelSource,
  type ResolvedModel,
} from './builtinModels';
import { type DownloadProgress, downloadModel } from './downloadModel';
import { chooseEmbeddingNode, defaultInputRange, inputSizeOf } from './embeddingDefaults';
import { locateLocalModel } from './locateLocalModel';
import { type CacheMarker, builtinCacheFolder, urlCacheFolder } from './modelCache';
import { downloadFix, embeddingFix, localPathFix, ModelProblem, ModelUnavailableError } from './modelErrors';
import { type ModelJsonInfo, parseModelJson } from './modelJson';
import { SharedJobs } from './sharedJobs';
import { verifyModelFolder } from './verifyModelFolder';

export interface ResolveBaseModelOptions {
  /** Where downloads are cached (the extension's global storage, or the CLI's cache folder). */
  readonly cacheDir: string;
  /** Folder that relative paths are resolved against; default: the working directory. */
  readonly baseDir?: string;
  /** Replaces https://storage.googleapis.com/tfjs-models/tfjs for the built-ins (tests serve the files from loopback). */
  readonly baseUrl?: string;
  /** Layer (layers model) or node (graph model) whose output is the embedding; default: the known MobileNet one. */
  readonly embeddingNode?: string;
  /** Default: [-1, 1] for layers models (Keras MobileNet), [0, 1] for graph models (TF Hub). */
  readonly inputRange?: InputRange;
  /** Longest wait for a connection, a response or the next bytes of one, in milliseconds; default 30 s. */
  readonly fetchTimeoutMs?: number;
  /** Bytes downloaded of all files so far and, once model.json is read, of all in total; not called on a cache hit. */
  readonly onProgress?: DownloadProgress;
  /** Cancels this caller's wait with an AbortError; a download another caller shares goes on. */
  readonly signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Downloads in progress in this process, by cache folder and URL: concurrent resolves of one model share one download.
 */
const downloads = new SharedJobs<CacheMarker, Parameters<DownloadProgress>>();

/**
 * Turns the base-model setting into a verified model on disk: a built-in name or an http(s) URL of a model.json is
 * downloaded once into `cacheDir` (atomically, verified, shared between concurrent callers and processes); a path
 * is verified where it is. Every failure is a ModelUnavailableError whose message ends with the fix; a cancelled
 * call rejects with an AbortError.
 */
export async function resolveBaseModel(spec: string, options: ResolveBaseModelOptions): Promise<ResolvedModel> {
  const setting = spec.trim() === '' ? DEFAULT_BASE_MODEL : spec.trim();
  const builtin = findBuiltinModel(setting);
  const url = builtin ? builtinModelUrl(builtin, options.baseUrl) : /^https?:\/\//i.test(setting) ? setting : undefined;
  try {
    if (url === undefined) return await resolveLocal(setting, options);
    const folder = builtin ? builtinCacheFolder(options.cacheDir, builtin.name) : urlCacheFolder(options.cacheDir, url);
    return await resolveDownload(
      new URL(url),
      folder,
      builtin ? 'builtin-cache' : 'url-cache',
      builtin?.name ?? nameFromUrl(url),
      options,
    );
  } catch (error) {
    throw explain(setting, url, error);
  }
}

async function resolveDownload(
  url: URL,
  folder: string,
  source: ModelSource,
  name: string,
  options: ResolveBaseModelOptions,
): Promise<ResolvedModel> {
  const timeoutMs = options.fetchTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Keyed by URL too: a folder filled from another address (a test's loopback host) is another download.
  const marker = await downloads.run(
    `${folder}\n${url.href}`,
    (signal, progress) => downloadModel(url, folder, { timeoutMs, signal, onProgress: progress }),
    options,
  );
  const modelJsonPath = path.join(folder, 'model.json');
  const info = parseModelJson(await fs.promises.readFile(modelJsonPath, 'utf8'), modelJsonPath);
  const weightBytes = marker.files.slice(1).reduce((sum, file) => sum + file.bytes, 0);
  return describe(info, options, {
    name,
    modelJsonPath,
    source,
    url: marker.url,
    fingerprint: marker.fingerprint,
    weightBytes,
  });
}

async function resolveLocal(setting: string, options: ResolveBaseModelOptions): Promise<ResolvedModel> {
  const modelJsonPath = await locateLocalModel(setting, options.baseDir ?? process.cwd());
  const verified = await verifyModelFolder(modelJsonPath);
  const weightBytes = verified.files.slice(1).reduce((sum, file) => sum + file.bytes, 0);
  const name = path.basename(path.dirname(modelJsonPath));
  return describe(verified.info, options, {
    name,
    modelJsonPath,
    source: 'path',
    fingerprint: verified.fingerprint,
    weightBytes,
  });
}

type Located = Pick<ResolvedModel, 'name' | 'modelJsonPath' | 'source' | 'url' | 'fingerprint' | 'weightBytes'>;

function describe(info: ModelJsonInfo, options: ResolveBaseModelOptions, located: Located): ResolvedModel {
  return {
    ...located,
    kind: info.kind,
    embeddingNode: chooseEmbeddingNode(info, options.embeddingNode),
    inputSize: inputSizeOf(info),
    inputRange: options.inputRange ?? defaultInputRange(info),
  };
}

/** The last folder of the URL's path: `…/mobilenet_v1_0.25_224/model.json` → `mobilenet_v1_0.25_224`. */
function nameFromUrl(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/').filter(Boolean);
  return segments.at(-2) ?? parsed.hostname;
}

/** Says what failed, for which setting, and how to fix it. */
function explain(setting: string, url: string | undefined, error: unknown): unknown {
  if (isAbortError(error) || error instanceof ModelUnavailableError) return error;
  const problem =
    error instanceof ModelProblem
      ? error
      : new ModelProblem('io', error instanceof Error ? error.message : String(error), { cause: error });
  const fix =
    problem.reason === 'embedding-node' ? embeddingFix() : url !== undefined ? downloadFix(url) : localPathFix();
  const fetching = problem.reason === 'network' || problem.reason === 'timeout' || problem.reason === 'http';
  const detail = `${fetching ? 'Could not download' : 'Cannot use'} the base model "${setting}": ${problem.message}.`;
  return new ModelUnavailableError(setting, problem.reason, detail, fix, { cause: error });
}
