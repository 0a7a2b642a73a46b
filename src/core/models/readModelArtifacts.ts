import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolvedModel } from './builtinModels';
import { weightFilePath } from './weightPaths';

/** A weightsManifest entry, typed as tfjs's io.WeightsManifestEntry so that the artifacts pass to it unchanged. */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool' | 'string' | 'complex64';
  group?: string;
  quantization?: { scale?: number; min?: number; dtype: 'uint16' | 'uint8' | 'float16' };
}

/** The shape of tfjs's io.ModelArtifacts, read from disk: hand it to `tf.io.fromMemory(...)`. */
export interface ModelArtifactsFromDisk {
  modelTopology: Record<string, unknown>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: Record<string, unknown>;
  signature?: Record<string, unknown>;
  userDefinedMetadata?: Record<string, unknown>;
  modelInitializer?: Record<string, unknown>;
  weightSpecs: WeightSpec[];
  /** Every weight file in manifest order, in one buffer, as tfjs's own loaders assemble it. */
  weightData: ArrayBuffer;
}

interface ManifestGroup {
  paths: string[];
  weights: WeightSpec[];
}

const PASSED_THROUGH = [
  'format',
  'generatedBy',
  'convertedBy',
  'trainingConfig',
  'signature',
  'userDefinedMetadata',
  'modelInitializer',
] as const;

/**
 * Reads a resolved model for tfjs without @tensorflow/tfjs-node (whose file:// handler is the only one Node has):
 * `tf.loadLayersModel(tf.io.fromMemory(await readModelArtifacts(model)))`, or `tf.loadGraphModel(...)` for kind
 * 'graph'.
 * Paths were verified by resolveBaseModel; they are checked again because the folder may have changed since.
 */
export async function readModelArtifacts(model: Pick<ResolvedModel, 'modelJsonPath'>): Promise<ModelArtifactsFromDisk> {
  const folder = path.dirname(model.modelJsonPath);
  const json = JSON.parse(await fs.promises.readFile(model.modelJsonPath, 'utf8')) as Record<string, unknown> & {
    modelTopology: Record<string, unknown>;
    weightsManifest: ManifestGroup[];
  };
  const buffers: Buffer[] = [];
  for (const group of json.weightsManifest) {
    for (const weightPath of group.paths) buffers.push(await fs.promises.readFile(weightFilePath(folder, weightPath)));
  }
  const weightData = new ArrayBuffer(buffers.reduce((sum, buffer) => sum + buffer.length, 0));
  const view = new Uint8Array(weightData);
  let offset = 0;
  for (const buffer of buffers) {
    view.set(buffer, offset);
    offset += buffer.length;
  }
  const artifacts: ModelArtifactsFromDisk = {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData,
  };
  for (const key of PASSED_THROUGH) if (json[key] !== undefined) Object.assign(artifacts, { [key]: json[key] });
  return artifacts;
}
