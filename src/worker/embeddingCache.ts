import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256Hex } from '../core/frames/stableHash';
import { writeFileAtomic } from '../core/util/atomicWrite';

/**
 * Embeddings on disk per (image content, base model): like retrain.py's bottlenecks, a second
 * training run on the same frames skips the expensive part. Keyed by content hash, so renamed or
 * re-extracted identical frames hit the cache too.
 */
export class EmbeddingCache {
  private readonly folder: string;

  constructor(cacheDir: string, modelKey: string) {
    this.folder = path.join(cacheDir, sha256Hex(modelKey).slice(0, 16));
  }

  static key(bytes: Uint8Array): string {
    return sha256Hex(bytes);
  }

  /** A derived image (an augmented copy): its own entry next to the original's, which keeps its plain content key. */
  static variantKey(contentKey: string, variant: string): string {
    return sha256Hex(`${contentKey}|${variant}`);
  }

  async get(key: string, length: number): Promise<Float32Array | undefined> {
    try {
      const data = await fs.promises.readFile(this.file(key));
      if (data.length !== length * 4) return undefined;
      return new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    } catch {
      return undefined;
    }
  }

  async set(key: string, embedding: Float32Array): Promise<void> {
    await writeFileAtomic(this.file(key), Buffer.from(embedding.buffer, embedding.byteOffset, embedding.byteLength));
  }

  private file(key: string): string {
    return path.join(this.folder, key.slice(0, 2), `${key}.f32`);
  }
}
