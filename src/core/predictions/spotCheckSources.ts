import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertRowsInside, DatasetError, readDatasetManifest } from '../frames/datasetManifest';
import type { ManifestRow } from '../frames/manifest';
import { sample, type ScoredImage } from './spotCheck';
import {
  datasetDirOf,
  findDatasetRoot,
  frameOf,
  indexManifest,
  manifestRowOf,
  readEvaluation,
} from './spotCheckDataset';
import type { ImagePrediction } from '../../shared/workerProtocol';

export const IMAGE_EXTENSIONS = /\.(jpe?g|png)$/i;

/** Bad input (no evaluation, a damaged file): the message names the file and what to do. */
export class SpotCheckInputError extends Error {}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    throw new SpotCheckInputError(`${file} not found: ${what}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SpotCheckInputError(`${file} is not valid JSON: ${what}`);
  }
}

/** The classes of a run's classifier, in the order of its scores. */
export async function runClasses(runDir: string): Promise<string[]> {
  const labels = await readJson(
    path.join(runDir, 'labels.json'),
    'the run has no saved classifier. Train it again, or pick another run.',
  );
  if (!Array.isArray(labels) || !labels.length || !labels.every((l) => typeof l === 'string'))
    throw new SpotCheckInputError(
      `${path.join(runDir, 'labels.json')} is not a list of class names: train the run again.`,
    );
  return labels as string[];
}

/**
 * N frames of the test split, with the scores the training computed for its evaluation: the grid then
 * agrees with the accuracy and confusion matrix the dashboard shows, and no worker has to start.
 */
export async function testSplitFrames(
  runDir: string,
  sampleSize: number,
  seed: number,
): Promise<{ classes: string[]; frames: ScoredImage[]; total: number }> {
  const evaluationFile = path.join(runDir, 'evaluation.json');
  const evaluation = readEvaluation(
    await readJson(
      evaluationFile,
      'the run was not evaluated (it was cancelled before the end, or its dataset has no test split). ' +
        'Spot-check images from the explorer instead.',
    ),
  );
  if (!evaluation || !evaluation.frames.length)
    throw new SpotCheckInputError(
      `${evaluationFile} has no test predictions: the dataset has no test split. Extract frames with a test ` +
        'split, or spot-check images from the explorer.',
    );
  const config = await readJson(path.join(runDir, 'config.json'), 'the run folder is incomplete.');
  const datasetDir = datasetDirOf(config, runDir, fs.existsSync);
  if (!datasetDir)
    throw new SpotCheckInputError(
      `${path.join(runDir, 'config.json')} does not name its dataset: train the run again.`,
    );
  await refuseEscapingDataset(datasetDir, evaluationFile, evaluation.frames);
  const frames = sample(evaluation.frames, sampleSize, seed).map((frame): ScoredImage => {
    const image = path.join(datasetDir, ...frame.path.split('/'));
    const found = fs.existsSync(image);
    return {
      image,
      name: frame.path,
      trueClass: frame.trueClass,
      frame: frameOf(datasetDir, frame),
      ...(found
        ? { scores: frame.scores }
        : { error: `${image} not found: the dataset was moved or deleted. Extract the frames again.` }),
    };
  });
  return { classes: evaluation.classes, frames, total: evaluation.frames.length };
}

/** The dataset's manifest and the run's evaluation may only name files inside the dataset folder. */
async function refuseEscapingDataset(
  datasetDir: string,
  evaluationFile: string,
  frames: readonly { path: string }[],
): Promise<void> {
  try {
    await readDatasetManifest(datasetDir).catch((error: unknown) => {
      // Without a readable manifest the grid still shows the recorded scores.
      if (!(error instanceof DatasetError) || error.kind === 'escapes') throw error;
    });
    await assertRowsInside(datasetDir, frames, (index) => `${evaluationFile}, prediction ${index + 1}`);
  } catch (error) {
    if (error instanceof DatasetError && error.kind === 'escapes') throw new SpotCheckInputError(error.message);
    throw error;
  }
}

/** Images of the selection: files as they are, folders searched (not into hidden folders or node_modules). */
export async function collectImages(paths: readonly string[]): Promise<string[]> {
  const images = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(full);
      else if (entry.isFile() && IMAGE_EXTENSIONS.test(entry.name)) images.add(full);
    }
  };
  for (const p of paths) {
    const stat = await fs.promises.stat(p).catch(() => undefined);
    if (stat?.isDirectory()) await walk(p);
    else images.add(p);
  }
  return [...images];
}

/** The worker's scores joined with what the dataset knows of each image (true class, video, time). */
export async function describePredictions(
  classes: readonly string[],
  predictions: readonly ImagePrediction[],
  nameOf: (image: string) => string,
): Promise<ScoredImage[]> {
  const manifests = new Map<string, ReadonlyMap<string, ManifestRow> | undefined>();
  const manifestOf = async (datasetDir: string): Promise<ReadonlyMap<string, ManifestRow> | undefined> => {
    if (!manifests.has(datasetDir)) {
      // A damaged manifest costs the true classes, not the scores; one that points outside is refused.
      manifests.set(
        datasetDir,
        await readDatasetManifest(datasetDir).then(
          (manifest) => indexManifest(manifest.rows),
          (error: unknown) => {
            if (error instanceof DatasetError && error.kind === 'escapes') throw new SpotCheckInputError(error.message);
            return undefined;
          },
        ),
      );
    }
    return manifests.get(datasetDir);
  };
  const described: ScoredImage[] = [];
  for (const prediction of predictions) {
    const datasetDir = findDatasetRoot(prediction.image, fs.existsSync);
    const row = datasetDir
      ? manifestRowOf((await manifestOf(datasetDir)) ?? new Map(), datasetDir, prediction.image)
      : undefined;
    described.push({
      image: prediction.image,
      name: nameOf(prediction.image),
      ...(prediction.scores ? { scores: classes.map((c) => prediction.scores![c] ?? Number.NaN) } : {}),
      ...(prediction.error ? { error: `${prediction.image}: ${prediction.error}` } : {}),
      ...(row && datasetDir ? { trueClass: row.class, frame: frameOf(datasetDir, row) } : {}),
    });
  }
  return described;
}
