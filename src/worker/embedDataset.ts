import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestRow } from '../core/frames/manifest';
import type { FromWorker, TrainConfig } from '../shared/trainingProtocol';
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

/**
 * Every frame's embedding, and with augmentation `augmentedCopies` variants of each training frame:
 * each from the cache when there, else computed in batches and stored.
 */
export async function embedDataset(rows: readonly ManifestRow[], config: TrainConfig, embedder: Embedder, modelKey: string, channel: EmbedChannel) {
  const cache = new EmbeddingCache(config.embeddingCacheDir, modelKey);
  const copies = config.augmentation.length > 0 ? config.augmentedCopies : 0;
  const items: EmbeddedItem[] = [];
  const skipped: Array<{ path: string; reason: string }> = [];
  let computed = 0;
  let cached = 0;
  let pending: Array<{ item: Omit<EmbeddedItem, 'embedding'>; key: string; input: Float32Array }> = [];
  let lastReport = 0;
  const flush = async () => {
    if (!pending.length) return;
    const embeddings = await embedder.embed(pending.map((p) => p.input));
    for (let i = 0; i < pending.length; i++) {
      await cache.set(pending[i].key, embeddings[i]);
      items.push({ ...pending[i].item, embedding: embeddings[i] });
    }
    computed += pending.length;
    pending = [];
  };
  const add = async (item: Omit<EmbeddedItem, 'embedding'>, key: string, input: () => Promise<Float32Array>) => {
    const hit = await cache.get(key, embedder.size);
    if (hit) {
      items.push({ ...item, embedding: hit });
      cached++;
      return;
    }
    pending.push({ item, key, input: await input() });
    if (pending.length >= EMBED_BATCH) await flush();
  };
  for (let index = 0; index < rows.length; index++) {
    if (channel.isCancelled()) throw new Error('Training was cancelled while computing embeddings.');
    const row = rows[index];
    try {
      const bytes = await fs.promises.readFile(path.join(config.datasetDir, row.path));
      const key = EmbeddingCache.key(bytes);
      await add({ row, augmented: false }, key, () => imageToInput(bytes, embedder.inputSize, embedder.inputRange));
      for (let copy = 0; row.split === 'train' && copy < copies; copy++) {
        const variant = sampleAugmentation(config.augmentation, config.seed, key, copy);
        const variantKey = EmbeddingCache.variantKey(key, augmentationKey(config.augmentation, config.seed, copy));
        await add({ row, augmented: true }, variantKey, () => augmentedInput(bytes, embedder.inputSize, embedder.inputRange, variant));
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      skipped.push({ path: row.path, reason });
      channel.send({ type: 'log', level: 'warn', message: `Skipped ${row.path}: ${reason}` });
    }
    if (Date.now() - lastReport > 1000) {
      lastReport = Date.now();
      channel.send({ type: 'progress', phase: 'embedding', done: index + 1, total: rows.length });
    }
  }
  await flush();
  channel.send({ type: 'progress', phase: 'embedding', done: rows.length, total: rows.length });
  const augmented = items.filter((i) => i.augmented).length;
  channel.send({ type: 'log', level: 'info', message: `Embeddings: ${computed} computed, ${cached} from the cache, ${skipped.length} image(s) skipped${copies ? `; ${augmented} of them augmented copies of training frames (${config.augmentation.join(', ')}, ${copies} per frame)` : ''}` });
  return { items, skipped, computed, cached };
}
