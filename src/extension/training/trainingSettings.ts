import * as vscode from 'vscode';
import { AUGMENTATION_KINDS, TRAIN_DEFAULTS } from '../../core/training/trainDefaults';
import type { BackendChoice, TrainConfig } from '../../shared/workerProtocol';
import { SECTION } from '../config';

type Tunables = Omit<
  TrainConfig,
  'datasetDir' | 'runsDir' | 'modelCacheDir' | 'embeddingCacheDir' | 'runName' | 'modelBaseUrl'
>;

const BACKENDS: readonly BackendChoice[] = ['auto', 'gpu', 'cpu-native', 'wasm', 'cpu'];

/** Training settings, typed and sanitized (a wrong value falls back to the default, never reaches the worker). */
export function readTrainingSettings(scope?: vscode.Uri): Tunables & { runsFolder: string } {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const num = (key: string, fallback: number, valid: (n: number) => boolean): number => {
    const value = config.get(key);
    return typeof value === 'number' && Number.isFinite(value) && valid(value) ? value : fallback;
  };
  const str = (key: string, fallback: string): string => {
    const value = config.get(key);
    return typeof value === 'string' && value.trim() ? value.trim() : fallback;
  };
  const backend = str('backend', 'auto') as BackendChoice;
  const weighting = str('training.classWeighting', 'auto');
  return {
    ...TRAIN_DEFAULTS,
    baseModel: str('baseModel', TRAIN_DEFAULTS.baseModel),
    embeddingNode: str('embeddingLayer', ''),
    backend: BACKENDS.includes(backend) ? backend : 'auto',
    epochs: num('training.epochs', TRAIN_DEFAULTS.epochs, (n) => Number.isInteger(n) && n >= 1),
    batchSize: num('training.batchSize', TRAIN_DEFAULTS.batchSize, (n) => Number.isInteger(n) && n >= 1),
    learningRate: num('training.learningRate', TRAIN_DEFAULTS.learningRate, (n) => n > 0),
    hiddenUnits: num('training.hiddenUnits', TRAIN_DEFAULTS.hiddenUnits, (n) => Number.isInteger(n) && n >= 0),
    dropout: num('training.dropout', TRAIN_DEFAULTS.dropout, (n) => n >= 0 && n < 1),
    classWeighting: weighting === 'on' || weighting === 'off' ? weighting : 'auto',
    patience: num('training.patience', TRAIN_DEFAULTS.patience, (n) => Number.isInteger(n) && n >= 0),
    fineTuneBlocks: num(
      'training.fineTuneBlocks',
      TRAIN_DEFAULTS.fineTuneBlocks,
      (n) => Number.isInteger(n) && n >= 0 && n <= 13,
    ),
    augmentation: augmentationSetting(config.get('training.augmentation')),
    augmentedCopies: num(
      'training.augmentedCopies',
      TRAIN_DEFAULTS.augmentedCopies,
      (n) => Number.isInteger(n) && n >= 1 && n <= 10,
    ),
    runsFolder: str('training.runsFolder', 'runs'),
  };
}

/** Known kinds only, each once, in a fixed order (the order is part of the embedding cache key). */
function augmentationSetting(value: unknown): TrainConfig['augmentation'] {
  if (!Array.isArray(value)) return TRAIN_DEFAULTS.augmentation;
  return AUGMENTATION_KINDS.filter((kind) => value.includes(kind));
}
