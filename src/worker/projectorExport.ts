// The embedding projector's view of a run: the validation and test frames' embeddings (a seeded
// sample of at most MAX_PROJECTOR_POINTS), their metadata and a sprite of thumbnails, in
// <run>/logs/projector/ with <run>/logs/projector_config.pbtxt. logs/ holds the run's own event
// file, so the projector finds the config both with --logdir <run>/logs and with the runs folder.
// The sprite is most of the cost (one decode per point): it is made while the head trains, and
// kept in the cache folder, so a rerun on the same frames and seed reuses it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256Hex } from '../core/frames/stableHash';
import { argMax } from '../core/metrics/classification';
import {
  projectorConfigText,
  spriteLayout,
  tensorTsvRow,
  tsvRow,
  type ProjectorEmbedding,
  type SpriteLayout,
} from '../core/tensorboard/projector';
import { writeFileAtomic } from '../core/util/atomicWrite';
import type { SplitTensors } from './datasetTensors';
import { composeGrid } from './frameGrid';
import { seededSample } from './richImages';
import { tf } from './tfjs';

export const MAX_PROJECTOR_POINTS = 5000;
export const SPRITE_THUMBNAIL = 64;
export const PROJECTOR_FOLDER = 'projector';
export const PROJECTOR_CONFIG = 'projector_config.pbtxt';
/** The embedding's name in the projector (and its HTTP API): the validation and test frames. */
export const PROJECTOR_TENSOR = 'frames';
export const METADATA_HEADER = ['class', 'split', 'video', 'time', 'predicted class', 'correct'] as const;
const ROWS_PER_WRITE = 250;

/** Sprites kept in the cache folder; the oldest go first. */
const CACHED_SPRITES = 8;

export interface ProjectorSplit {
  readonly name: 'validation' | 'test';
  readonly tensors: SplitTensors;
  /** Predicted class index of each row of the split; undefined: predicted here with `model`. */
  readonly predicted?: ArrayLike<number>;
}

/** The points shown: rows of the splits (in split order), a seeded sample of at most MAX_PROJECTOR_POINTS. */
export interface ProjectorSample {
  readonly points: ReadonlyArray<{
    readonly split: 'validation' | 'test';
    readonly row: number;
    readonly path: string;
  }>;
}

export function projectorSample(
  splits: ReadonlyArray<{ readonly name: 'validation' | 'test'; readonly tensors: Pick<SplitTensors, 'rows'> }>,
  seed: number,
): ProjectorSample {
  const all = splits.flatMap((split) =>
    split.tensors.rows.map((frame, row) => ({ split: split.name, row, path: frame.path })),
  );
  return { points: seededSample(all.length, MAX_PROJECTOR_POINTS, seed).map((i) => all[i]) };
}

export interface Sprite {
  readonly jpeg: Buffer;
  readonly layout: SpriteLayout;
  readonly failed: number;
  readonly cached: boolean;
}

/**
 * The sample's thumbnails, ⌈√n⌉ per row. Cached under `cacheDir` (when given) by the frames' paths,
 * sizes and modification times, so an edited frame makes a new one.
 */
export async function makeSprite(
  sample: ProjectorSample,
  datasetDir: string,
  cacheDir: string | undefined,
): Promise<Sprite> {
  const layout = spriteLayout(sample.points.length, SPRITE_THUMBNAIL);
  const files = sample.points.map((point) => path.join(datasetDir, point.path));
  let cacheFile: string | undefined;
  if (cacheDir && path.isAbsolute(cacheDir)) {
    const stats = await Promise.all(
      files.map((file) =>
        fs.promises.stat(file).then(
          (s) => `${s.size}:${s.mtimeMs}`,
          () => 'missing',
        ),
      ),
    );
    const key = sha256Hex(
      JSON.stringify([layout, files.map((file, i) => `${path.relative(datasetDir, file)}|${stats[i]}`)]),
    );
    cacheFile = path.join(cacheDir, `${key.slice(0, 32)}.jpg`);
    const hit = await fs.promises.readFile(cacheFile).catch(() => undefined);
    if (hit) {
      await fs.promises.utimes(cacheFile, new Date(), new Date()).catch(() => undefined);
      return { jpeg: hit, layout, failed: 0, cached: true };
    }
  }
  const sprite = await composeGrid(
    files,
    { columns: layout.columns, cellWidth: layout.thumbnail, cellHeight: layout.thumbnail },
    75,
  );
  // A sprite with unreadable frames is not kept: the next run tries them again.
  if (cacheFile && !sprite.failed) await keepInCache(cacheFile, sprite.jpeg).catch(() => undefined);
  return { jpeg: sprite.jpeg, layout, failed: sprite.failed, cached: false };
}

async function keepInCache(file: string, jpeg: Buffer): Promise<void> {
  await writeFileAtomic(file, jpeg);
  const folder = path.dirname(file);
  const entries = await Promise.all(
    (await fs.promises.readdir(folder))
      .filter((name) => name.endsWith('.jpg'))
      .map(async (name) => ({ name, time: (await fs.promises.stat(path.join(folder, name))).mtimeMs })),
  );
  for (const old of entries.sort((a, b) => b.time - a.time).slice(CACHED_SPRITES))
    await fs.promises.rm(path.join(folder, old.name), { force: true });
}

export interface ProjectorInput {
  readonly logDir: string;
  readonly classes: readonly string[];
  readonly splits: readonly ProjectorSplit[];
  readonly sample: ProjectorSample;
  readonly sprite: Sprite;
  /** Cached features → class probabilities (the head, or fine-tuned blocks + head). */
  readonly model: tf.LayersModel;
}

export interface ProjectorResult {
  readonly points: number;
  readonly dimensions: number;
}

/** Writes the projector files for the sample, row for row in the sprite's order. */
export async function writeProjector(input: ProjectorInput): Promise<ProjectorResult> {
  const folder = path.join(input.logDir, PROJECTOR_FOLDER);
  await fs.promises.mkdir(folder, { recursive: true });
  const tensorFile = path.join(folder, 'tensor.tsv');
  const metadataFile = path.join(folder, 'metadata.tsv');
  const tensorOut = fs.createWriteStream(`${tensorFile}.partial`);
  const metadataOut = fs.createWriteStream(`${metadataFile}.partial`);
  let dimensions = 0;
  try {
    metadataOut.write(tsvRow(METADATA_HEADER));
    // The sample is in split order (validation, then test), so writing split by split keeps the sprite's order.
    for (const split of input.splits) {
      const rows = input.sample.points.filter((point) => point.split === split.name).map((point) => point.row);
      for (let from = 0; from < rows.length; from += ROWS_PER_WRITE) {
        const part = rows.slice(from, from + ROWS_PER_WRITE);
        const { features, predicted } = await featuresOf(split, part, input.model, input.classes.length);
        dimensions = features.length / part.length;
        let tensorText = '';
        let metadataText = '';
        part.forEach((row, i) => {
          tensorText += tensorTsvRow(features.subarray(i * dimensions, (i + 1) * dimensions));
          const frame = split.tensors.rows[row];
          const truth = input.classes.indexOf(frame.class);
          metadataText += tsvRow([
            frame.class,
            split.name,
            frame.videoId,
            frame.time,
            input.classes[predicted[i]] ?? '',
            predicted[i] === truth,
          ]);
        });
        await Promise.all([write(tensorOut, tensorText), write(metadataOut, metadataText)]);
      }
    }
  } catch (error) {
    await Promise.allSettled([end(tensorOut), end(metadataOut)]);
    await Promise.all([
      fs.promises.rm(`${tensorFile}.partial`, { force: true }),
      fs.promises.rm(`${metadataFile}.partial`, { force: true }),
    ]);
    throw error;
  }
  await Promise.all([end(tensorOut), end(metadataOut)]);
  await fs.promises.rename(`${tensorFile}.partial`, tensorFile);
  await fs.promises.rename(`${metadataFile}.partial`, metadataFile);
  await writeFileAtomic(path.join(folder, 'sprite.jpg'), input.sprite.jpeg);

  const { thumbnail } = input.sprite.layout;
  const embedding: ProjectorEmbedding = {
    tensorName: PROJECTOR_TENSOR,
    tensorPath: `${PROJECTOR_FOLDER}/tensor.tsv`,
    metadataPath: `${PROJECTOR_FOLDER}/metadata.tsv`,
    tensorShape: [input.sample.points.length, dimensions],
    sprite: { imagePath: `${PROJECTOR_FOLDER}/sprite.jpg`, singleImageDim: [thumbnail, thumbnail] },
  };
  await writeFileAtomic(path.join(input.logDir, PROJECTOR_CONFIG), projectorConfigText([embedding]));
  return { points: input.sample.points.length, dimensions };
}

/**
 * The cached features of some rows of a split (fine-tuning caches [h, w, c] activations: those are
 * averaged over h and w, the pooling the network itself ends with) and their predicted classes.
 */
async function featuresOf(
  split: ProjectorSplit,
  rows: readonly number[],
  model: tf.LayersModel,
  classes: number,
): Promise<{ features: Float32Array; predicted: number[] }> {
  const x = tf.tidy(() => tf.gather(split.tensors.x, tf.tensor1d(rows as number[], 'int32')));
  try {
    const pooled = tf.tidy(() =>
      x.rank > 2
        ? tf.mean(
            x,
            Array.from({ length: x.rank - 2 }, (_, i) => i + 1),
          )
        : x.clone(),
    );
    const features = (await pooled.data()) as Float32Array;
    pooled.dispose();
    if (split.predicted) return { features, predicted: rows.map((row) => split.predicted![row]) };
    const output = model.predict(x, { batchSize: 256 }) as tf.Tensor;
    const scores = await output.data();
    output.dispose();
    return { features, predicted: rows.map((_, i) => argMax(scores.subarray(i * classes, (i + 1) * classes))) };
  } finally {
    x.dispose();
  }
}

function write(stream: fs.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

function end(stream: fs.WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}
