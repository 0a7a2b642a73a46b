import { createHash } from 'node:crypto';
import type { TrainConfig } from '../shared/workerProtocol';
import { decodeResized, pixelsToInput, type CropFraction } from './images';
import { mulberry32 } from '../core/util/seededRandom';

export type AugmentationKinds = TrainConfig['augmentation'];

/** One augmented variant, fully determined by its seed. */
export interface Augmentation {
  readonly flip: boolean;
  /** Pixel values are multiplied by this (1 ± 0.2). */
  readonly brightness: number;
  readonly crop: CropFraction | undefined;
}

/** Part of every augmented cache key: bump it when the sampling or the pixel operations change. */
export const AUGMENTATION_VERSION = 'aug-v1';

/**
 * The variant of copy `copy` of an image: seeded by (run seed, image content hash, copy), so that
 * reruns make the same variants and find their embeddings in the cache.
 */
export function sampleAugmentation(
  kinds: AugmentationKinds,
  seed: number,
  imageKey: string,
  copy: number,
): Augmentation {
  // Seeded from a SHA-256 of the text: the variant depends on (version, seed, image, copy) only.
  const random = mulberry32(
    createHash('sha256').update(`${AUGMENTATION_VERSION}|${seed}|${imageKey}|${copy}`).digest().readUInt32LE(0),
  );
  // Every draw happens whatever the kinds, so that adding one kind does not reshuffle the others.
  const flip = random() < 0.5;
  const brightness = 0.8 + 0.4 * random();
  const side = 0.85 + 0.15 * random();
  const left = random() * (1 - side);
  const top = random() * (1 - side);
  return {
    flip: kinds.includes('flip') && flip,
    brightness: kinds.includes('brightness') ? brightness : 1,
    crop: kinds.includes('crop') ? { left, top, width: side, height: side } : undefined,
  };
}

/** What the cache key of an augmented copy adds to the image's content hash. */
export function augmentationKey(kinds: AugmentationKinds, seed: number, copy: number): string {
  return `${AUGMENTATION_VERSION}|${[...kinds].sort().join(',')}|seed ${seed}|copy ${copy}`;
}

/** JPEG bytes → the model input of one augmented variant (decode, crop, resize, mirror, brightness, scale). */
export async function augmentedInput(
  bytes: Buffer,
  size: number,
  range: readonly [number, number],
  augmentation: Augmentation,
): Promise<Float32Array> {
  const pixels = await decodeResized(bytes, size, augmentation.crop);
  if (augmentation.flip) mirror(pixels, size);
  if (augmentation.brightness !== 1) {
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.min(255, Math.round(pixels[i] * augmentation.brightness));
  }
  return pixelsToInput(pixels, range);
}

function mirror(pixels: Buffer, size: number): void {
  for (let y = 0; y < size; y++) {
    for (let left = 0, right = size - 1; left < right; left++, right--) {
      const a = (y * size + left) * 3;
      const b = (y * size + right) * 3;
      for (let c = 0; c < 3; c++) {
        const t = pixels[a + c];
        pixels[a + c] = pixels[b + c];
        pixels[b + c] = t;
      }
    }
  }
}
