import * as assert from 'node:assert/strict';
import sharp from 'sharp';
import { encodeEvent } from '../../../src/core/tensorboard/eventMessages';
import { Colorspace, imageValue } from '../../../src/core/tensorboard/imageSummary';
import { decodeAs, reencodeAs } from './support/pluginProtos';

describe('tensorboard: image summaries against the official summary.proto', () => {
  it('Summary.Value.image: height, width, colorspace and the encoded file; description in the metadata', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).jpeg().toBuffer();
    const bytes = imageValue('samples/suturing', { width: 40, height: 30, colorspace: Colorspace.rgb, encoded: jpeg }, '16 frames of **suturing**');
    const value = decodeAs('tensorboard.Summary.Value', bytes);
    assert.equal(value.tag, 'samples/suturing');
    assert.equal(value.value, 'image');
    const image = value.image as Record<string, unknown>;
    assert.deepEqual([image.height, image.width, image.colorspace], [30, 40, 3]);
    assert.deepEqual(Buffer.from(image.encoded_image_string as Uint8Array), jpeg);
    assert.equal((value.metadata as Record<string, unknown>).summary_description, '16 frames of **suturing**');
    assert.deepEqual(Buffer.from(reencodeAs('tensorboard.Summary.Value', bytes)), Buffer.from(bytes));
  });

  it('goes into an Event as one Summary value; no description, no metadata', () => {
    const bytes = imageValue('a', { width: 1, height: 1, colorspace: Colorspace.grayscale, encoded: new Uint8Array([1, 2, 3]) });
    assert.equal(decodeAs('tensorboard.Summary.Value', bytes).metadata, undefined);
    const event = decodeAs('tensorboard.Event', encodeEvent({ wallTime: 5, step: 7, values: [bytes, bytes] }));
    assert.equal(event.what, 'summary');
    assert.equal((event.summary as { value: unknown[] }).value.length, 2);
  });

  it('refuses sizes TensorBoard cannot show', () => {
    assert.throws(() => imageValue('a', { width: 0, height: 1, colorspace: Colorspace.rgb, encoded: new Uint8Array() }), RangeError);
    assert.throws(() => imageValue('a', { width: 1.5, height: 1, colorspace: Colorspace.rgb, encoded: new Uint8Array() }), RangeError);
    assert.throws(() => imageValue('', { width: 1, height: 1, colorspace: Colorspace.rgb, encoded: new Uint8Array() }), TypeError);
  });
});
