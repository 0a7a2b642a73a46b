import * as path from 'node:path';
import type { TrainConfig } from '../../shared/workerProtocol';

/** Settings that work without tuning: MobileNet V1 0.25 on CPU, a small head, early stopping. */
export const TRAIN_DEFAULTS: Omit<TrainConfig, 'datasetDir' | 'runsDir' | 'modelCacheDir' | 'embeddingCacheDir'> = {
  runName: 'suturing',
  baseModel: 'mobilenet_v1_0.25_224',
  embeddingNode: '',
  backend: 'auto',
  epochs: 30,
  batchSize: 32,
  learningRate: 0.001,
  hiddenUnits: 64,
  dropout: 0.2,
  classWeighting: 'auto',
  patience: 5,
  seed: 42,
  logEverySteps: 10,
  fineTuneBlocks: 0,
  augmentation: [],
  augmentedCopies: 2,
};

/** A run is named after its dataset (its folder), so runs of several datasets tell themselves apart. */
export function defaultRunName(datasetDir: string): string {
  return path.basename(path.resolve(datasetDir)) || 'run';
}

export const AUGMENTATION_KINDS: ReadonlyArray<TrainConfig['augmentation'][number]> = ['flip', 'brightness', 'crop'];
