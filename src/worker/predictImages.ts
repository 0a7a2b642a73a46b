import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectBackend } from './backend';
import { imageToInput } from './images';
import { fileModelReader } from './modelFiles';
import { tf } from './tfjs';
import type { BackendChoice } from '../shared/trainingProtocol';

export interface ImagePrediction {
  readonly image: string;
  /** Class → probability, in labels.json order; undefined when the image could not be read. */
  readonly scores?: Record<string, number>;
  readonly error?: string;
}

interface SavedModelMeta {
  surgeryClassifier?: { classes: string[]; input: { size: number; range: [number, number] }; contains: string };
}

/** Loads a run's saved classifier (base + head in one model) and scores images, like the original spot checks. */
export async function predictImages(runDir: string, images: readonly string[], backend: BackendChoice = 'auto'): Promise<ImagePrediction[]> {
  await selectBackend(backend);
  const modelJson = path.join(runDir, 'model', 'model.json');
  if (!fs.existsSync(modelJson)) throw new Error(`${runDir} has no model/model.json: is it a run folder of a finished training?`);
  const meta = (JSON.parse(await fs.promises.readFile(modelJson, 'utf8')) as { userDefinedMetadata?: SavedModelMeta }).userDefinedMetadata?.surgeryClassifier;
  if (!meta || meta.contains !== 'base+head') throw new Error(`${modelJson} is not a whole classifier saved by Surgery Classifier (graph base models keep only the head).`);
  const model = await tf.loadLayersModel(fileModelReader(modelJson));
  const results: ImagePrediction[] = [];
  for (const image of images) {
    try {
      const input = await imageToInput(await fs.promises.readFile(image), meta.input.size, meta.input.range);
      const output = tf.tidy(() => model.predict(tf.tensor4d(input, [1, meta.input.size, meta.input.size, 3])) as tf.Tensor);
      const scores = Array.from(await output.data());
      output.dispose();
      results.push({ image, scores: Object.fromEntries(meta.classes.map((c, i) => [c, scores[i]])) });
    } catch (error) {
      results.push({ image, error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
  }
  model.dispose();
  return results;
}
