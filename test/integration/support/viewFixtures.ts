// Files the views test writes directly, in the formats Extract Frames and the training worker write.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const RUN_ID = '20260301-090000-views-run';

/**
 * Two videos: v1 has an inverted segment (an error; its video is missing, a warning when trusted),
 * v2 a segment past the end (an error) and an (empty) video file, so trusted it can be predicted.
 * Labelled: v1 30 s (the inverted segment counts for nothing), v2 50 s.
 */
export function annotationText(inverted = true): string {
  const [start, end] = inverted ? [60, 50] : [50, 60];
  return JSON.stringify([
    { videoId: 'v1', durationSeconds: 100, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 40 }, { label: 'suturing', startSeconds: start, endSeconds: end }] },
    { videoId: 'v2', video: 'views-v2.mp4', durationSeconds: 100, annotations: [{ label: 'suturing', startSeconds: 70, endSeconds: 120 }] },
  ], null, 2);
}

export function writeAnnotations(folder: string): string {
  fs.writeFileSync(path.join(folder, 'views-v2.mp4'), '');
  const file = path.join(folder, 'views-demo.annotations.json');
  fs.writeFileSync(file, annotationText());
  return file;
}

export type Counts = Record<'train' | 'validation' | 'test', Record<'not-suturing' | 'suturing', number>>;

export const DATASET_COUNTS: Counts = { train: { 'not-suturing': 40, suturing: 20 }, validation: { 'not-suturing': 5, suturing: 5 }, test: { 'not-suturing': 6, suturing: 4 } };

/** dataset.json and manifest.jsonl as Extract Frames writes them (the view reads dataset.json's counts). */
export function writeDataset(dir: string, counts: Counts): void {
  fs.mkdirSync(dir, { recursive: true });
  const dataset = { format: 'surgery-classifier-dataset', version: 1, classes: ['not-suturing', 'suturing'], splits: { train: ['v1'], validation: ['v2'], test: ['v3'] }, counts, skipped: {}, excludedVideos: [], failedVideos: [] };
  fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify(dataset, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'manifest.jsonl'), JSON.stringify({ path: 'train/suturing/v1-000010.000.jpg', video: 'v1.mp4', videoId: 'v1', time: 10, class: 'suturing', split: 'train', annotation: 0 }) + '\n');
}

const epochLine = (epoch: number): string =>
  JSON.stringify({ kind: 'epoch', epoch, step: epoch * 10, trainLoss: 1 / epoch, trainAccuracy: 0.5 + epoch / 20, validationLoss: 1.2 / epoch, validationAccuracy: 0.5 + epoch / 25, learningRate: 0.001 });

/** A run folder as runTraining starts it: run.json "running", config.json, and two epochs in metrics.jsonl. */
export function startRun(runsFolder: string, datasetDir: string, id = RUN_ID): string {
  const dir = path.join(runsFolder, id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ status: 'running', started: '2026-03-01T09:00:00.000Z' }));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ baseModel: '/models/mobilenet_v1_0.25_224', dataset: { dir: datasetDir }, runsDir: runsFolder, epochs: 5, batchSize: 32, backend: { requested: 'auto', used: 'wasm', diagnosis: [] } }));
  fs.writeFileSync(path.join(dir, 'labels.json'), JSON.stringify(['not-suturing', 'suturing']));
  fs.writeFileSync(path.join(dir, 'metrics.jsonl'), [1, 2].map(epochLine).join('\n') + '\n');
  return dir;
}

export const appendEpoch = (dir: string, epoch: number): void => fs.appendFileSync(path.join(dir, 'metrics.jsonl'), epochLine(epoch) + '\n');

/** The end of a run: the saved classifier, evaluation.json, then run.json "completed" (the worker's order). */
export function finishRun(dir: string): void {
  fs.mkdirSync(path.join(dir, 'model'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'model', 'model.json'), '{}');
  fs.writeFileSync(path.join(dir, 'evaluation.json'), JSON.stringify({
    split: 'test', classes: ['not-suturing', 'suturing'], accuracy: 0.85, examples: 40, confusion: [[18, 2], [4, 16]], perClass: [], prCurves: {},
    // One test frame of the dataset (writeDataset's manifest row), with its scores.
    predictions: [{ path: 'train/suturing/v1-000010.000.jpg', video: 'v1.mp4', videoId: 'v1', time: 10, trueClass: 'suturing', scores: [0.3, 0.7] }],
  }));
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({ status: 'completed', started: '2026-03-01T09:00:00.000Z', finished: '2026-03-01T09:05:00.000Z' }));
}
