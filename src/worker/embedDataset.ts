import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestRow } from '../core/frames/manifest';
import { createPool } from '../core/util/concurrencyPool';
import type { FromWorker, TrainConfig } from '../shared/workerProtocol';
import { augmentationKey, augmentedInput, sampleAugmentation } from './augment';
import type { Embedder } from './embedder';
import { EmbeddingCache } from './embeddingCache';
import { imageToInput } from './images';

export interface EmbeddedItem {
  readonly row: ManifestRow;
  readonly embedding: Float32Array;
  /** An augmented copy of a training frame (never of a validation or test frame). */
  readonly augmented: boolean;
}

export interface EmbedChannel {
  send(message: FromWorker): void;
  isCancelled(): boolean;
}

const EMBED_BATCH = 32;
/** Rows read and decoded at once: JPEG decoding (sharp, off the main thread) is about half the work per frame. */
const DECODES_IN_FLIGHT = 4;
const ROWS_PER_CHUNK = 16;

type Prepared = { readonly item: Omit<EmbeddedItem, 'embedding'>; readonly key: string } & (
  { readonly hit: Float32Array } | { readonly input: Float32Array }
);

/**
 * Every frame's embedding, and with augmentation `augmentedCopies` variants of each training frame:
 * each from the cache when there, else computed in batches and stored. Frames are decoded a few at a
 * time while the previous batch is embedded, and the result keeps the manifest's order whatever the
 * cache holds (the head training still shuffles its batches with tfjs's own unseeded shuffle).
 */
export async function embedDataset(
  rows: readonly ManifestRow[],
  config: TrainConfig,
  embedder: Embedder,
  modelKey: string,
  channel: EmbedChannel,
) {
  const cache = new EmbeddingCache(config.embeddingCacheDir, modelKey);
  const copies = config.augmentation.length > 0 ? config.augmentedCopies : 0;
  const slots: Array<EmbeddedItem | undefined> = [];
  const skipped: Array<{ path: string; reason: string }> = [];
  let computed = 0;
  let cached = 0;
  let pending: Array<{ slot: number; item: Omit<EmbeddedItem, 'embedding'>; key: string; input: Float32Array }> = [];
  let inFlight: Promise<void> = Promise.resolve();
  let lastReport = 0;
  const decodeSlot = createPool(DECODES_IN_FLIGHT);

  // One batch embeds while the next one is decoded; waiting for the previous batch keeps one in flight.
  const flush = async () => {
    await inFlight;
    if (!pending.length) return;
    const batch = pending;
    pending = [];
    inFlight = embedder.embed(batch.map((p) => p.input)).then(async (embeddings) => {
      for (let i = 0; i < batch.length; i++) {
        await cache.set(batch[i].key, embeddings[i]);
        slots[batch[i].slot] = { ...batch[i].item, embedding: embeddings[i] };
      }
      computed += batch.length;
    });
    // A failure surfaces at the next await of inFlight, not as an unhandled rejection in between.
    inFlight.catch(() => undefined);
  };

  const prepare = async (row: ManifestRow): Promise<Prepared[]> => {
    const bytes = await fs.promises.readFile(path.join(config.datasetDir, row.path));
    const key = EmbeddingCache.key(bytes);
    const one = async (
      item: Omit<EmbeddedItem, 'embedding'>,
      entryKey: string,
      input: () => Promise<Float32Array>,
    ): Promise<Prepared> => {
      const hit = await cache.get(entryKey, embedder.size);
      return hit ? { item, key: entryKey, hit } : { item, key: entryKey, input: await input() };
    };
    const entries = [
      await one({ row, augmented: false }, key, () => imageToInput(bytes, embedder.inputSize, embedder.inputRange)),
    ];
    for (let copy = 0; row.split === 'train' && copy < copies; copy++) {
      const variant = sampleAugmentation(config.augmentation, config.seed, key, copy);
      const variantKey = EmbeddingCache.variantKey(key, augmentationKey(config.augmentation, config.seed, copy));
      entries.push(
        await one({ row, augmented: true }, variantKey, () =>
          augmentedInput(bytes, embedder.inputSize, embedder.inputRange, variant),
        ),
      );
    }
    return entries;
  };

  for (let from = 0; from < rows.length; from += ROWS_PER_CHUNK) {
    if (channel.isCancelled()) throw new Error('Training was cancelled while computing embeddings.');
    const chunk = rows.slice(from, from + ROWS_PER_CHUNK);
    const prepared = await Promise.all(
      chunk.map((row) =>
        decodeSlot(() =>
          prepare(row).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
        ),
      ),
    );
    for (let i = 0; i < chunk.length; i++) {
      const result = prepared[i];
      if (result instanceof Error) {
        const reason = result.message.split('\n')[0];
        skipped.push({ path: chunk[i].path, reason });
        channel.send({ type: 'log', level: 'warn', message: `Skipped ${chunk[i].path}: ${reason}` });
        continue;
      }
      for (const entry of result) {
        const slot = slots.length;
        slots.push(undefined);
        if ('hit' in entry) {
          slots[slot] = { ...entry.item, embedding: entry.hit };
          cached++;
        } else {
          pending.push({ slot, item: entry.item, key: entry.key, input: entry.input });
        }
      }
      if (pending.length >= EMBED_BATCH) await flush();
    }
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      channel.send({
        type: 'progress',
        phase: 'embedding',
        done: Math.min(rows.length, from + chunk.length),
        total: rows.length,
      });
    }
  }
  await flush();
  await inFlight;
  const items = slots.filter((item): item is EmbeddedItem => item !== undefined);
  channel.send({ type: 'progress', phase: 'embedding', done: rows.length, total: rows.length });
  const augmented = items.filter((i) => i.augmented).length;
  channel.send({
    type: 'log',
    level: 'info',
    message:
      `Embeddings: ${computed} computed, ${cached} from the cache, ${skipped.length} image(s) skipped` +
      (copies
        ? `; ${augmented} of them augmented copies of training frames (${config.augmentation.join(', ')}, ` +
          `${copies} per frame)`
        : ''),
  });
  return { items, skipped, computed, cached };
}
