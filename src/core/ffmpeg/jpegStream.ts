/**
 * Cuts a stream of concatenated JPEG images (ffmpeg's `-f image2pipe -c:v mjpeg`) into single
 * files. It walks the marker segments by their lengths rather than searching for FFD9, because
 * header tables may contain any byte; inside the entropy-coded scan every 0xFF data byte is
 * followed by 0x00 (or is a restart marker), so the first other marker there ends the scan.
 */
export class JpegStreamSplitter {
  private buffer: Buffer = Buffer.alloc(0);
  /** Where parsing of the current image resumes (offset in `buffer`). */
  private position = 0;
  private inScan = false;

  /** Adds bytes; returns the images completed by them, in order. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const images: Buffer[] = [];
    for (;;) {
      const end = this.findEnd();
      if (end < 0) break;
      images.push(Buffer.from(this.buffer.subarray(0, end)));
      this.buffer = this.buffer.subarray(end);
      this.position = 0;
      this.inScan = false;
    }
    return images;
  }

  /** True when bytes of an unfinished image are left (the stream was cut). */
  get hasPartialImage(): boolean {
    return this.buffer.length > 0;
  }

  /** Offset just past the current image's EOI marker, or -1 when more bytes are needed. */
  private findEnd(): number {
    const data = this.buffer;
    if (this.position === 0) {
      if (data.length < 2) return -1;
      if (data[0] !== 0xff || data[1] !== 0xd8) throw new Error('ffmpeg wrote something that is not a JPEG image');
      this.position = 2;
    }
    let i = this.position;
    for (;;) {
      if (this.inScan) {
        // Entropy-coded data: skip to a 0xFF that starts a real marker.
        while (
          i + 1 < data.length &&
          !(data[i] === 0xff && data[i + 1] !== 0x00 && !(data[i + 1] >= 0xd0 && data[i + 1] <= 0xd7))
        )
          i++;
        if (i + 1 >= data.length) return this.wait(i);
        this.inScan = false;
      }
      if (i + 1 >= data.length) return this.wait(i);
      if (data[i] !== 0xff) throw new Error('the JPEG stream from ffmpeg is damaged (no marker where one must be)');
      const marker = data[i + 1];
      if (marker === 0xff) {
        i++; // fill byte
        continue;
      }
      if (marker === 0xd9) return i + 2;
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2; // markers without a length
        continue;
      }
      if (i + 3 >= data.length) return this.wait(i);
      const segmentEnd = i + 2 + data.readUInt16BE(i + 2);
      if (segmentEnd > data.length) return this.wait(i);
      i = segmentEnd;
      if (marker === 0xda) this.inScan = true;
    }
  }

  private wait(resumeAt: number): number {
    this.position = resumeAt;
    return -1;
  }
}
