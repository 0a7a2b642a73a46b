import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileModelReader } from './modelFiles';
import { tf } from './tfjs';

/** What runTraining stores in model.json's userDefinedMetadata.surgeryClassifier. */
export interface ClassifierMeta {
  readonly classes: string[];
  readonly input: { readonly size: number; readonly range: [number, number] };
  readonly contains: string;
}

/** A run's whole classifier (base + head) and how to feed it; one loader for predict and predict-video. */
export async function loadSavedClassifier(runDir: string): Promise<{ model: tf.LayersModel; meta: ClassifierMeta }> {
  const modelJson = path.join(runDir, 'model', 'model.json');
  if (!fs.existsSync(modelJson)) throw new Error(`${runDir} has no model/model.json: is it a run folder of a finished training?`);
  const parsed = JSON.parse(await fs.promises.readFile(modelJson, 'utf8')) as { userDefinedMetadata?: { surgeryClassifier?: ClassifierMeta } };
  const meta = parsed.userDefinedMetadata?.surgeryClassifier;
  if (!meta || meta.contains !== 'base+head') throw new Error(`${modelJson} is not a whole classifier saved by Surgery Classifier (graph base models keep only the head).`);
  return { model: await tf.loadLayersModel(fileModelReader(modelJson)), meta };
}
