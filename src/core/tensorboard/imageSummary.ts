// Summary.Image (summary.proto): { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string
// = 4; }
// The TF1 form: TensorBoard's data_compat turns it into an images-plugin tensor [width, height, bytes]
// on load (and the Rust data server into a blob sequence), so no plugin metadata is needed.
import { ProtoWriter } from './protoWriter';
import { encodeSummaryValue } from './summaryValue';

/** Summary.Image colorspace values. */
export const Colorspace = { grayscale: 1, grayscaleAlpha: 2, rgb: 3, rgba: 4 } as const;
export type Colorspace = (typeof Colorspace)[keyof typeof Colorspace];

export interface EncodedImage {
  readonly width: number;
  readonly height: number;
  readonly colorspace: Colorspace;
  /** A whole PNG or JPEG file. */
  readonly encoded: Uint8Array;
}

export function encodeImage(image: EncodedImage): Uint8Array {
  for (const [name, value] of [
    ['width', image.width],
    ['height', image.height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 0x7fffffff)
      throw new RangeError(`image ${name} must be a positive integer, got ${value}`);
  }
  const writer = new ProtoWriter();
  writer.varintField(1, image.height);
  writer.varintField(2, image.width);
  writer.varintField(3, image.colorspace);
  writer.bytesField(4, image.encoded);
  return writer.finish();
}

/**
 * An image value. The description reaches TensorBoard's Python reader (data_compat keeps
 * summary_description); the Rust data server drops TF1 metadata, so what matters goes in the tag.
 */
export function imageValue(tag: string, image: EncodedImage, description?: string): Uint8Array {
  return encodeSummaryValue(tag, { image: encodeImage(image) }, description ? { description } : undefined);
}
