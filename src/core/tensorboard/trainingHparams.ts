// What the HParams dashboard compares: the training settings of a run (TrainConfig) with their
// domains, and the metrics. The experiment is the same for every run on purpose: TensorBoard takes
// the first `_hparams_/experiment` it finds in the log folder, so a run-dependent one would be
// wrong for the others. Domains follow the settings' schema (package.json, the CLI's checks); a
// number with no upper bound, or free text, has none.
import type { TrainConfig } from '../../shared/workerProtocol';
import type { Experiment, HParamInfo, HParamValue, MetricInfo } from './hparams';

const AUGMENTATIONS = ['flip', 'brightness', 'crop'] as const;

/** Every subset of the augmentation kinds, in their canonical order ('none' for the empty one). */
const AUGMENTATION_SETS: string[] = Array.from({ length: 1 << AUGMENTATIONS.length }, (_, bits) =>
  augmentationName(AUGMENTATIONS.filter((_, i) => bits & (1 << i))),
);

function augmentationName(kinds: readonly string[]): string {
  return kinds.length ? kinds.join('+') : 'none';
}

export const TRAINING_HPARAMS: readonly HParamInfo[] = [
  { name: 'base_model', type: 'string', description: 'Base network (built-in name, folder or URL).' },
  {
    name: 'embedding_node',
    type: 'string',
    description: 'Layer or node whose output is the embedding; empty: the model’s known one.',
  },
  {
    name: 'backend',
    type: 'string',
    description: 'Backend asked for.',
    domain: { discrete: ['auto', 'gpu', 'cpu-native', 'wasm', 'cpu'] },
  },
  {
    name: 'backend_used',
    type: 'string',
    description: 'Backend that ran.',
    domain: { discrete: ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] },
  },
  { name: 'epochs', type: 'float64', description: 'Maximum epochs.', domain: { interval: { min: 1, max: 1000 } } },
  { name: 'batch_size', type: 'float64', domain: { interval: { min: 1, max: 4096 } } },
  { name: 'learning_rate', type: 'float64', description: 'Adam learning rate (> 0).' },
  { name: 'hidden_units', type: 'float64', description: 'Hidden units of the head (0: a single softmax layer).' },
  { name: 'dropout', type: 'float64', domain: { interval: { min: 0, max: 0.9 } } },
  { name: 'class_weighting', type: 'string', domain: { discrete: ['auto', 'on', 'off'] } },
  { name: 'patience', type: 'float64', description: 'Early-stopping patience in epochs (0: off).' },
  { name: 'seed', type: 'float64' },
  { name: 'fine_tune_blocks', type: 'float64', domain: { interval: { min: 0, max: 13 } } },
  { name: 'augmentation', type: 'string', domain: { discrete: AUGMENTATION_SETS } },
  { name: 'augmented_copies', type: 'float64', domain: { interval: { min: 1, max: 10 } } },
  { name: 'dataset', type: 'string', description: 'Dataset folder.' },
];

/** Scalars in the session's own run (logs/) written at the end of a run, and the per-epoch ones of its sub-runs. */
export const FINAL_METRIC_TAGS = {
  bestValidationAccuracy: 'final/best_validation_accuracy',
  testAccuracy: 'final/test_accuracy',
  testMacroF1: 'final/test_macro_f1',
  temporalAccuracy: 'final/test_temporal_accuracy',
  editScore: 'final/test_edit',
  f1At10: 'final/test_f1_at_10',
  f1At25: 'final/test_f1_at_25',
  f1At50: 'final/test_f1_at_50',
} as const;

export const TRAINING_METRICS: readonly MetricInfo[] = [
  {
    group: '',
    tag: FINAL_METRIC_TAGS.bestValidationAccuracy,
    displayName: 'best validation accuracy',
    datasetType: 'validation',
  },
  { group: '', tag: FINAL_METRIC_TAGS.testAccuracy, displayName: 'test accuracy (frames)' },
  { group: '', tag: FINAL_METRIC_TAGS.testMacroF1, displayName: 'test macro-F1 (frames)' },
  {
    group: '',
    tag: FINAL_METRIC_TAGS.temporalAccuracy,
    displayName: 'test accuracy (temporal model)',
    description: 'Per-video mean.',
  },
  {
    group: '',
    tag: FINAL_METRIC_TAGS.editScore,
    displayName: 'test edit score',
    description: 'Temporal model, per-video mean, 0–100.',
  },
  {
    group: '',
    tag: FINAL_METRIC_TAGS.f1At10,
    displayName: 'test F1@10',
    description: 'Temporal model, per-video mean, 0–100.',
  },
  {
    group: '',
    tag: FINAL_METRIC_TAGS.f1At25,
    displayName: 'test F1@25',
    description: 'Temporal model, per-video mean, 0–100.',
  },
  {
    group: '',
    tag: FINAL_METRIC_TAGS.f1At50,
    displayName: 'test F1@50',
    description: 'Temporal model, per-video mean, 0–100.',
  },
  { group: 'validation', tag: 'accuracy', displayName: 'validation accuracy (last epoch)', datasetType: 'validation' },
  { group: 'validation', tag: 'cross_entropy', displayName: 'validation loss (last epoch)', datasetType: 'validation' },
  { group: 'train', tag: 'cross_entropy', displayName: 'training loss (last step)', datasetType: 'training' },
];

export function trainingExperiment(): Experiment {
  return {
    description: 'Surgery Classifier training runs: settings and final metrics.',
    hparams: TRAINING_HPARAMS,
    metrics: TRAINING_METRICS,
  };
}

/** The run's values, one per TRAINING_HPARAMS entry. */
export function trainingHparamValues(config: TrainConfig, backendUsed: string): Record<string, HParamValue> {
  return {
    base_model: config.baseModel,
    embedding_node: config.embeddingNode,
    backend: config.backend,
    backend_used: backendUsed,
    epochs: config.epochs,
    batch_size: config.batchSize,
    learning_rate: config.learningRate,
    hidden_units: config.hiddenUnits,
    dropout: config.dropout,
    class_weighting: config.classWeighting,
    patience: config.patience,
    seed: config.seed,
    fine_tune_blocks: config.fineTuneBlocks,
    augmentation: augmentationName(AUGMENTATIONS.filter((kind) => config.augmentation.includes(kind))),
    augmented_copies: config.augmentedCopies,
    dataset: config.datasetDir,
  };
}
