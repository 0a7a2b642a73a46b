import type { ManifestRow } from '../core/frames/manifest';
import type { EmbeddedItem } from './embedDataset';
import type { HeadData } from './trainHead';
import { tf } from './tfjs';

/** A split's tensors and, row for row, the frames they hold. */
export type SplitTensors = HeadData & { readonly rows: ManifestRow[]; readonly augmented: boolean[] };

export interface DatasetTensors {
  readonly train: SplitTensors;
  readonly validation: SplitTensors | undefined;
  readonly test: SplitTensors | undefined;
  /** Training items per class (frames and their augmented copies). */
  readonly trainCounts: number[];
  readonly trainFrames: number;
  readonly augmentedCopies: number;
}

/**
 * The splits as tensors of shape [n, ...shape] (fine-tuning: [n, h, w, c] activations). Takes the items
 * out of `items` (emptied): the vectors then live once, in the tensors; with fine-tuning they are tens
 * of KiB per frame. Augmented copies go to training only: evaluation stays on the frames as they are.
 */
export function datasetTensors(
  items: EmbeddedItem[],
  classes: readonly string[],
  shape: readonly number[],
): DatasetTensors {
  const size = shape.reduce((a, b) => a * b, 1);
  const pick = (split: string, augmented: boolean) =>
    items.filter((item) => item.row.split === split && (augmented || !item.augmented));
  const toTensors = (chosen: readonly EmbeddedItem[]): SplitTensors => {
    const flat = new Float32Array(chosen.length * size);
    chosen.forEach((item, i) => flat.set(item.embedding, i * size));
    return {
      rows: chosen.map((item) => item.row),
      augmented: chosen.map((item) => item.augmented),
      x: tf.tensor(flat, [chosen.length, ...shape]),
      y: tf.tidy(
        () =>
          tf
            .oneHot(
              tf.tensor1d(
                chosen.map((item) => classes.indexOf(item.row.class)),
                'int32',
              ),
              classes.length,
            )
            .toFloat() as tf.Tensor2D,
      ),
    };
  };
  const trainItems = pick('train', true);
  if (!trainItems.length)
    throw new Error('The dataset has no readable training frame: extract frames with a train split first.');
  const validationItems = pick('validation', false);
  const testItems = pick('test', false);
  const result: DatasetTensors = {
    train: toTensors(trainItems),
    validation: validationItems.length ? toTensors(validationItems) : undefined,
    test: testItems.length ? toTensors(testItems) : undefined,
    trainCounts: classes.map((c) => trainItems.filter((item) => item.row.class === c).length),
    trainFrames: trainItems.filter((item) => !item.augmented).length,
    augmentedCopies: trainItems.filter((item) => item.augmented).length,
  };
  items.length = 0;
  return result;
}

export function disposeDatasetTensors(data: DatasetTensors): void {
  for (const part of [data.train, data.validation, data.test]) if (part) tf.dispose([part.x, part.y]);
}
