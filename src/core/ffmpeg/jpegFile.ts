import * as fs from 'node:fs';

/**
 * True when the file exists and is a whole JPEG (starts with SOI FFD8, ends with EOI FFD9): what a resumed run may
 * keep.
 */
export async function isCompleteJpeg(file: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const { size } = await handle.stat();
    if (size < 4) return false;
    const head = Buffer.alloc(2);
    const tail = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    await handle.read(tail, 0, 2, size - 2);
    return head[0] === 0xff && head[1] === 0xd8 && tail[0] === 0xff && tail[1] === 0xd9;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
