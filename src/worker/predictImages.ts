import * as fs from 'node:fs';
import { selectBackend } from './backend';
import { imageToInput } from './images';
import { loadSavedClassifier } from './savedClassifier';
import { tf } from './tfjs';
import type { BackendChoice, ImagePrediction } from '../shared/workerProtocol';

export type { ImagePrediction };

/** Loads a run's saved classifier (base + head in one model) and scores images, like the original spot checks. */
export async function predictImages(
  runDir: string,
  images: readonly string[],
  backend: BackendChoice = 'auto',
  onProgress?: (done: number, total: number) => void,
  isCancelled: () => boolean = () => false,
): Promise<ImagePrediction[]> {
  await selectBackend(backend);
  const { model, meta } = await loadSavedClassifier(runDir);
  const results: ImagePrediction[] = [];
  for (const image of images) {
    if (isCancelled()) break;
    try {
      const input = await imageToInput(await fs.promises.readFile(image), meta.input.size, meta.input.range);
      const output = tf.tidy(
        () => model.predict(tf.tensor4d(input, [1, meta.input.size, meta.input.size, 3])) as tf.Tensor,
      );
      const scores = Array.from(await output.data());
      output.dispose();
      results.push({ image, scores: Object.fromEntries(meta.classes.map((c, i) => [c, scores[i]])) });
    } catch (error) {
      results.push({ image, error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
    onProgress?.(results.length, images.length);
  }
  model.dispose();
  return results;
}
