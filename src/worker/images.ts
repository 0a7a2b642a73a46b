import sharp from 'sharp';

/** A region of the decoded image, in fractions of its width and height (augmentation crops). */
export interface CropFraction {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * JPEG bytes → the model's input: size×size RGB (centre crop of the short side, as frames are
 * usually wider than tall), scaled to the model's range. sharp (libvips) is ~10× faster than a JS decoder.
 */
export async function imageToInput(
  bytes: Buffer,
  size: number,
  range: readonly [number, number],
): Promise<Float32Array> {
  return pixelsToInput(await decodeResized(bytes, size), range);
}

/** size×size×3 RGB bytes; with `crop`, that region of the image is taken first. */
export async function decodeResized(bytes: Buffer, size: number, crop?: CropFraction): Promise<Buffer> {
  let image = sharp(bytes, { failOn: 'error' });
  if (crop) {
    const { width, height } = await image.metadata();
    if (!width || !height) throw new Error('the image has no size');
    const w = Math.max(1, Math.round(width * crop.width));
    const h = Math.max(1, Math.round(height * crop.height));
    image = image.extract({
      left: Math.min(width - w, Math.round(width * crop.left)),
      top: Math.min(height - h, Math.round(height * crop.top)),
      width: w,
      height: h,
    });
  }
  const pixels = await image.resize(size, size, { fit: 'cover' }).removeAlpha().toColourspace('srgb').raw().toBuffer();
  if (pixels.length !== size * size * 3)
    throw new Error(`decoded to ${pixels.length} bytes, expected ${size * size * 3}`);
  return pixels;
}

export function pixelsToInput(pixels: Uint8Array, range: readonly [number, number]): Float32Array {
  const [low, high] = range;
  const scale = (high - low) / 255;
  const input = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) input[i] = low + pixels[i] * scale;
  return input;
}
