// Frames → one JPEG of thumbnails (image grids for TensorBoard and the dashboard, the projector's
// sprite). Each frame is decoded straight to its thumbnail size (libvips shrinks JPEGs on load) and
// copied into one RGB canvas, a few at a time: thousands of frames never sit decoded in memory.
import * as fs from 'node:fs';
import sharp from 'sharp';
import { createPool } from '../core/util/concurrencyPool';

export interface GridLayout {
  readonly columns: number;
  readonly cellWidth: number;
  readonly cellHeight: number;
  /** Grey pixels between cells; 0 for a projector sprite, which must be an exact tiling. */
  readonly gap?: number;
}

export interface GridImage {
  readonly jpeg: Buffer;
  readonly width: number;
  readonly height: number;
  /** Frames that could not be read or decoded: their cells stay grey. */
  readonly failed: number;
}

const DECODES_AT_ONCE = 4;
const GREY = 0x40;

/** The files' thumbnails row-major, `layout.columns` per row; the image is as tall as the rows need. */
export async function composeGrid(files: readonly string[], layout: GridLayout, quality = 80): Promise<GridImage> {
  if (!files.length) throw new RangeError('a grid needs at least one frame');
  const { columns, cellWidth, cellHeight } = layout;
  const gap = layout.gap ?? 0;
  const rows = Math.ceil(files.length / columns);
  const width = columns * (cellWidth + gap) - gap;
  const height = rows * (cellHeight + gap) - gap;
  const canvas = Buffer.alloc(width * height * 3, GREY);
  const slot = createPool(DECODES_AT_ONCE);
  let failed = 0;
  await Promise.all(
    files.map((file, index) =>
      slot(async () => {
        let pixels: Buffer;
        try {
          pixels = await thumbnail(file, cellWidth, cellHeight);
        } catch {
          failed++;
          return;
        }
        const left = (index % columns) * (cellWidth + gap);
        const top = Math.floor(index / columns) * (cellHeight + gap);
        for (let y = 0; y < cellHeight; y++)
          pixels.copy(canvas, ((top + y) * width + left) * 3, y * cellWidth * 3, (y + 1) * cellWidth * 3);
      }),
    ),
  );
  const jpeg = await sharp(canvas, { raw: { width, height, channels: 3 } })
    .jpeg({ quality, mozjpeg: false })
    .toBuffer();
  return { jpeg, width, height, failed };
}

/** width×height RGB of one frame, cropped to fill (frames of one dataset share an aspect ratio). */
async function thumbnail(file: string, width: number, height: number): Promise<Buffer> {
  const bytes = await fs.promises.readFile(file);
  const pixels = await sharp(bytes, { failOn: 'error' })
    .resize(width, height, { fit: 'cover' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer();
  if (pixels.length !== width * height * 3)
    throw new Error(`decoded to ${pixels.length} bytes, expected ${width * height * 3}`);
  return pixels;
}

/** A cell of the frames' own aspect ratio, `cellWidth` wide (the first readable frame decides). */
export async function cellFor(
  files: readonly string[],
  cellWidth: number,
): Promise<{ cellWidth: number; cellHeight: number }> {
  for (const file of files.slice(0, 8)) {
    try {
      const { width, height } = await sharp(file).metadata();
      if (width && height)
        return {
          cellWidth,
          cellHeight: Math.max(16, Math.min(2 * cellWidth, Math.round((cellWidth * height) / width))),
        };
    } catch {
      // try the next one
    }
  }
  return { cellWidth, cellHeight: Math.round((cellWidth * 3) / 4) };
}
