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
  if (!fs.existsSync(modelJson))
    throw new Error(`${runDir} has no model/model.json: is it a run folder of a finished training?`);
  const parsed = JSON.parse(await fs.promises.readFile(modelJson, 'utf8')) as {
    userDefinedMetadata?: { surgeryClassifier?: ClassifierMeta };
  };
  const meta = parsed.userDefinedMetadata?.surgeryClassifier;
  if (!meta || meta.contains !== 'base+head')
    throw new Error(
      `${modelJson} is not a whole classifier saved by Surgery Classifier (graph base models keep only the head).`,
    );
  if (!Array.isArray(meta.classes) || meta.classes.length < 2 || !meta.classes.every((c) => typeof c === 'string')) {
    throw new Error(`${modelJson}: its class list is not a list of at least two class names. Train the run again.`);
  }
  const model = await tf.loadLayersModel(fileModelReader(modelJson));
  // Scores are joined to names by position: a list of another length would drop or misname scores.
  const outputs = model.outputs[0]?.shape[model.outputs[0].shape.length - 1];
  if (outputs !== meta.classes.length) {
    model.dispose();
    throw new Error(
      `${modelJson} names ${meta.classes.length} classes (${meta.classes.join(', ')}) but the model gives ` +
        `${outputs ?? 'no'} scores per image, so scores cannot be matched to classes. ` +
        "The file was edited or mixed with another run's weights: train the run again.",
    );
  }
  return { model, meta };
}
