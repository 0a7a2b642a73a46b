import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../core/util/atomicWrite';
import type { tf } from './tfjs';

type IOHandler = tf.io.IOHandler;
type ModelArtifacts = tf.io.ModelArtifacts;

interface ModelJson {
  modelTopology: object;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  signature?: object;
  userDefinedMetadata?: { [key: string]: object };
}

/**
 * Reads a tfjs model (model.json + weight shards) from disk: @tensorflow/tfjs has no file:// loader
 * without tfjs-node, and the worker must work with the wasm backend alone.
 */
export function fileModelReader(modelJsonPath: string): IOHandler {
  return {
    load: async (): Promise<ModelArtifacts> => {
      const folder = path.dirname(modelJsonPath);
      const json = JSON.parse(await fs.promises.readFile(modelJsonPath, 'utf8')) as ModelJson;
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const shard of group.paths) buffers.push(await fs.promises.readFile(path.join(folder, shard)));
      }
      const joined = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy ?? undefined,
        weightSpecs: specs,
        weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
        signature: json.signature,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

/** Saves a model as model.json + one weights.bin, each written atomically, so that `tf.loadLayersModel` reads it. */
export function fileModelWriter(folder: string): IOHandler {
  return {
    save: async (artifacts: ModelArtifacts): Promise<tf.io.SaveResult> => {
      await fs.promises.mkdir(folder, { recursive: true });
      const weights =
        artifacts.weightData instanceof ArrayBuffer
          ? Buffer.from(artifacts.weightData)
          : Buffer.concat((artifacts.weightData ?? []).map((b) => Buffer.from(b)));
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: 'surgery-classifier',
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      await writeFileAtomic(path.join(folder, 'weights.bin'), weights);
      await writeFileAtomic(path.join(folder, 'model.json'), JSON.stringify(modelJson));
      return {
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.length },
      };
    },
  };
}
