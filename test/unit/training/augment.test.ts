import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { augmentationKey, augmentedInput, sampleAugmentation } from '../../../src/worker/augment';
import { EmbeddingCache } from '../../../src/worker/embeddingCache';
import { imageToInput } from '../../../src/worker/images';

const SIZE = 32;
const RANGE: [number, number] = [-1, 1];
const ALL = ['flip', 'brightness', 'crop'] as const;

/** A lossless 64×48 image, left dark and right bright, mid-grey on average: any mirror or brightness change shows. */
async function png(value: (x: number, y: number, c: number) => number): Promise<Buffer> {
  const width = 64;
  const height = 48;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) raw[(y * width + x) * 3 + c] = value(x, y, c);
  return sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

const mean = (values: Float32Array) => values.reduce((sum, v) => sum + v, 0) / values.length;
/** Back from the model range to 0..255. */
const toPixels = (input: Float32Array) => Array.from(input, (v) => ((v - RANGE[0]) / (RANGE[1] - RANGE[0])) * 255);

describe('augmentation of training frames (sharp, deterministic per seed, image and copy)', () => {
  let gradient: Buffer;
  before(async () => {
    gradient = await png((x, y, c) => Math.round(40 + (x / 63) * 120 + c * 20 + (y % 8)));
  });

  it('samples the same variant for the same (seed, image, copy) and others for other copies, seeds or images', async () => {
    const a = sampleAugmentation(ALL, 42, 'image-a', 0);
    assert.deepEqual(sampleAugmentation(ALL, 42, 'image-a', 0), a);
    const others = [sampleAugmentation(ALL, 42, 'image-a', 1), sampleAugmentation(ALL, 43, 'image-a', 0), sampleAugmentation(ALL, 42, 'image-b', 0)];
    for (const other of others) assert.notDeepEqual(other, a);
    const first = await augmentedInput(gradient, SIZE, RANGE, a);
    const again = await augmentedInput(gradient, SIZE, RANGE, sampleAugmentation(ALL, 42, 'image-a', 0));
    assert.deepEqual(again, first);
  });

  it('uses only the kinds asked for, with each draw independent of the others', () => {
    for (let copy = 0; copy < 20; copy++) {
      const flipOnly = sampleAugmentation(['flip'], 7, 'img', copy);
      assert.equal(flipOnly.brightness, 1);
      assert.equal(flipOnly.crop, undefined);
      assert.equal(flipOnly.flip, sampleAugmentation(ALL, 7, 'img', copy).flip);
      const brightnessOnly = sampleAugmentation(['brightness'], 7, 'img', copy);
      assert.equal(brightnessOnly.flip, false);
      assert.equal(brightnessOnly.brightness, sampleAugmentation(ALL, 7, 'img', copy).brightness);
    }
    const flips = Array.from({ length: 40 }, (_, copy) => sampleAugmentation(ALL, 1, 'img', copy).flip);
    assert.ok(flips.includes(true) && flips.includes(false), 'about half of the copies are mirrored');
  });

  it('flip mirrors the image exactly, pixel by pixel', async () => {
    const plain = await imageToInput(gradient, SIZE, RANGE);
    const flipped = await augmentedInput(gradient, SIZE, RANGE, { flip: true, brightness: 1, crop: undefined });
    let differs = false;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        for (let c = 0; c < 3; c++) {
          assert.equal(flipped[(y * SIZE + x) * 3 + c], plain[(y * SIZE + (SIZE - 1 - x)) * 3 + c]);
          differs ||= flipped[(y * SIZE + x) * 3 + c] !== plain[(y * SIZE + x) * 3 + c];
        }
      }
    }
    assert.ok(differs, 'the test image is not symmetric');
    // Left is dark, right bright: mirrored, the left half is the brighter one.
    const leftMean = (input: Float32Array) => mean(input.filter((_, i) => Math.floor(i / 3) % SIZE < SIZE / 2));
    assert.ok(leftMean(flipped) > leftMean(plain) + 0.3);
  });

  it('brightness scales the mean intensity by the sampled factor, always within ±20 %', async () => {
    const plain = toPixels(await imageToInput(gradient, SIZE, RANGE));
    const plainMean = plain.reduce((a, b) => a + b, 0) / plain.length;
    const factors: number[] = [];
    for (let copy = 0; copy < 12; copy++) {
      const variant = sampleAugmentation(['brightness'], 42, 'img', copy);
      assert.ok(variant.brightness >= 0.8 && variant.brightness <= 1.2, String(variant.brightness));
      const pixels = toPixels(await augmentedInput(gradient, SIZE, RANGE, variant));
      const ratio = pixels.reduce((a, b) => a + b, 0) / pixels.length / plainMean;
      // No pixel of this image exceeds 255 × 0.83 / 1.2 … except a few: rounding and clipping stay under 1 %.
      assert.ok(Math.abs(ratio - variant.brightness) < 0.01, `ratio ${ratio} vs factor ${variant.brightness}`);
      factors.push(variant.brightness);
    }
    assert.ok(Math.min(...factors) < 0.95 && Math.max(...factors) > 1.05, `factors ${factors.join(', ')}`);
  });

  it('crop takes 85–100 % of each side inside the image and keeps the input size', async () => {
    // Fine texture: any shift or zoom of a few pixels changes most pixels.
    const texture = await png((x, y, c) => Math.round(128 + 100 * Math.sin(x / 2 + c) * Math.cos(y / 3)));
    const plain = await imageToInput(texture, SIZE, RANGE);
    let changed = 0;
    for (let copy = 0; copy < 10; copy++) {
      const variant = sampleAugmentation(['crop'], 3, 'img', copy);
      const crop = variant.crop!;
      assert.ok(crop.width >= 0.85 && crop.width <= 1 && crop.height === crop.width);
      assert.ok(crop.left >= 0 && crop.top >= 0 && crop.left + crop.width <= 1 + 1e-9 && crop.top + crop.height <= 1 + 1e-9);
      const input = await augmentedInput(texture, SIZE, RANGE, variant);
      assert.equal(input.length, SIZE * SIZE * 3);
      const moved = input.filter((v, i) => Math.abs(v - plain[i]) > 0.1).length / input.length;
      // A crop of 99 % of a 64-pixel side is the whole image again; two pixels less must show.
      if (Math.round(64 * crop.width) <= 62) {
        assert.ok(moved > 0.2, `crop ${JSON.stringify(crop)} changed ${moved} of the pixels`);
        changed++;
      }
    }
    assert.ok(changed >= 5, `${changed} of 10 crops were tested`);
  });

  it('caches each copy under its own key, the original keeping its plain content key', () => {
    const content = EmbeddingCache.key(Buffer.from('frame bytes'));
    const keys = [0, 1].map((copy) => EmbeddingCache.variantKey(content, augmentationKey(ALL, 42, copy)));
    assert.notEqual(keys[0], keys[1]);
    assert.ok(!keys.includes(content));
    assert.equal(augmentationKey(['crop', 'flip'], 42, 0), augmentationKey(['flip', 'crop'], 42, 0));
    assert.notEqual(augmentationKey(['flip'], 42, 0), augmentationKey(['flip'], 43, 0));
    assert.notEqual(augmentationKey(['flip'], 42, 0), augmentationKey(['flip', 'crop'], 42, 0));
  });
});
