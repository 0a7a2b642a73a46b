import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { removeTemporaryFiles, temporaryPathFor } from '../../../src/core/ffmpeg/atomicFiles';
import { writeFileAtomic } from '../../../src/core/util/atomicWrite';
import { isCompleteJpeg } from '../../../src/core/ffmpeg/jpegFile';
import { JpegStreamSplitter } from '../../../src/core/ffmpeg/jpegStream';
import { FFMPEG } from '../../support/videos';

/** JPEGs exactly as ffmpeg's image2pipe writes them (noise, so the scans are full of 0xFF bytes). */
function ffmpegJpegStream(count: number): Buffer {
  return execFileSync(FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=96x64:r=10,noise=alls=60:allf=t', '-frames:v', String(count), '-c:v', 'mjpeg', '-q:v', '2', '-f', 'image2pipe', 'pipe:1']);
}

/** The images of a stream, cut by a parser that does not stream: SOI … EOI with segment lengths (reference). */
function splitAll(stream: Buffer): Buffer[] {
  const splitter = new JpegStreamSplitter();
  const images = splitter.push(stream);
  assert.equal(splitter.hasPartialImage, false);
  return images;
}

describe('ffmpeg layer: JPEG stream splitting and JPEG files', () => {
  let stream: Buffer;
  before(() => {
    stream = ffmpegJpegStream(5);
  });

  it('cuts ffmpeg’s image2pipe output into whole JPEGs, whatever the chunk sizes', () => {
    const whole = splitAll(stream);
    assert.equal(whole.length, 5);
    assert.equal(Buffer.concat(whole).compare(stream), 0);
    for (const image of whole) assert.deepEqual([image[0], image[1], image[image.length - 2], image[image.length - 1]], [0xff, 0xd8, 0xff, 0xd9]);

    for (const size of [1, 2, 3, 7, 64, 4096]) {
      const splitter = new JpegStreamSplitter();
      const images: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) images.push(...splitter.push(stream.subarray(i, i + size)));
      assert.deepEqual(images.map((b) => b.length), whole.map((b) => b.length), `chunks of ${size}`);
      assert.equal(splitter.hasPartialImage, false);
    }
  });

  it('is not fooled by FF D9 inside a header segment', () => {
    const image = splitAll(stream)[0];
    const comment = Buffer.from([0xff, 0xfe, 0x00, 0x06, 0xff, 0xd9, 0xff, 0xd9]);
    const tricky = Buffer.concat([image.subarray(0, 2), comment, image.subarray(2)]);
    const images = splitAll(Buffer.concat([tricky, image]));
    assert.deepEqual(images.map((b) => b.length), [tricky.length, image.length]);
  });

  it('reports an unfinished image, and refuses bytes that are not JPEG', () => {
    const splitter = new JpegStreamSplitter();
    assert.equal(splitter.push(stream.subarray(0, stream.length - 10)).length, 4);
    assert.equal(splitter.hasPartialImage, true);
    assert.throws(() => new JpegStreamSplitter().push(Buffer.from('not a jpeg')), /not a JPEG/);
  });

  it('isCompleteJpeg: whole files yes; cut, empty, missing or foreign files no', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-jpeg-'));
    try {
      const image = splitAll(stream)[0];
      const write = (name: string, data: Buffer) => {
        fs.writeFileSync(path.join(dir, name), data);
        return path.join(dir, name);
      };
      assert.equal(await isCompleteJpeg(write('whole.jpg', image)), true);
      assert.equal(await isCompleteJpeg(write('cut.jpg', image.subarray(0, image.length >> 1))), false);
      assert.equal(await isCompleteJpeg(write('empty.jpg', Buffer.alloc(0))), false);
      assert.equal(await isCompleteJpeg(write('text.jpg', Buffer.from('hello world'))), false);
      assert.equal(await isCompleteJpeg(path.join(dir, 'missing.jpg')), false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('atomic writes leave only the target; stale temporary files from a killed run can be swept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-atomic-'));
    try {
      const target = path.join(dir, 'train', 'cls', 'v-1.5.jpg');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      await writeFileAtomic(target, Buffer.from('data'));
      assert.deepEqual(fs.readdirSync(path.dirname(target)), ['v-1.5.jpg']);
      const stale = temporaryPathFor(target);
      assert.match(path.basename(stale), /^v-1\.5\.jpg\.[0-9a-f]{12}\.partial$/);
      fs.writeFileSync(stale, 'half');
      fs.writeFileSync(path.join(dir, 'notes.partial'), 'not ours');
      assert.equal(await removeTemporaryFiles(dir), 1);
      assert.deepEqual(fs.readdirSync(path.dirname(target)), ['v-1.5.jpg']);
      assert.ok(fs.existsSync(path.join(dir, 'notes.partial')));
      assert.equal(await removeTemporaryFiles(path.join(dir, 'missing')), 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
