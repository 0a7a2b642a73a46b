// The embedding projector's files (tensorboard/plugins/projector): projector_config.pbtxt, a
// ProjectorConfig in protobuf text format (projector_config.proto):
//   ProjectorConfig { repeated EmbeddingInfo embeddings = 2; }
//   EmbeddingInfo   { string tensor_name = 1; string metadata_path = 2; repeated uint32 tensor_shape = 4;
//                     SpriteMetadata sprite = 5; string tensor_path = 6; }
//   SpriteMetadata  { string image_path = 1; repeated uint32 single_image_dim = 2; }
// Paths are relative to the config file's folder, which the plugin requires them to stay inside.
// The tensor is a TSV of numbers, one row per point; metadata.tsv has a header row because it has
// more than one column; the sprite is one image of thumbnails, row-major, ⌈√n⌉ per row.

export interface ProjectorEmbedding {
  readonly tensorName: string;
  readonly tensorPath: string;
  readonly metadataPath: string;
  /** [rows, dimensions]. */
  readonly tensorShape: readonly [number, number];
  readonly sprite?: { readonly imagePath: string; readonly singleImageDim: readonly [number, number] };
}

/** A protobuf text-format string literal (C escapes; non-ASCII passes as UTF-8, which text_format accepts). */
export function textFormatString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

export function projectorConfigText(embeddings: readonly ProjectorEmbedding[]): string {
  const lines: string[] = [];
  for (const embedding of embeddings) {
    lines.push('embeddings {');
    lines.push(`  tensor_name: ${textFormatString(embedding.tensorName)}`);
    lines.push(`  metadata_path: ${textFormatString(embedding.metadataPath)}`);
    for (const size of embedding.tensorShape) lines.push(`  tensor_shape: ${uint32(size)}`);
    if (embedding.sprite) {
      lines.push('  sprite {');
      lines.push(`    image_path: ${textFormatString(embedding.sprite.imagePath)}`);
      for (const size of embedding.sprite.singleImageDim) lines.push(`    single_image_dim: ${uint32(size)}`);
      lines.push('  }');
    }
    lines.push(`  tensor_path: ${textFormatString(embedding.tensorPath)}`);
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

function uint32(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`not a uint32: ${value}`);
  return String(value);
}

/** A TSV cell: tabs and line breaks would split the row, so they become spaces. */
export const tsvCell = (value: string | number | boolean): string => String(value).replace(/[\t\r\n]+/g, ' ');

export const tsvRow = (cells: ReadonlyArray<string | number | boolean>): string => cells.map(tsvCell).join('\t') + '\n';

/**
 * One tensor row: `digits` significant digits are plenty for PCA / t-SNE / UMAP and keep a
 * 5 000 × 256 tensor near 9 MB. Non-finite values become 0 (the projector's parser would reject them).
 */
export function tensorTsvRow(values: ArrayLike<number>, digits = 4): string {
  const cells = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    cells[i] = !Number.isFinite(v) || v === 0 ? '0' : String(Number(v.toPrecision(digits)));
  }
  return cells.join('\t') + '\n';
}

export interface SpriteLayout {
  readonly columns: number;
  readonly rows: number;
  /** Side of one square thumbnail, pixels. */
  readonly thumbnail: number;
  readonly width: number;
  readonly height: number;
}

/** The projector's own limit on a sprite image, per side. */
export const MAX_SPRITE_SIDE = 8192;

/**
 * ⌈√count⌉ thumbnails per row (the projector reads the layout from the image size), each at most `maxThumbnail` and
 * small enough that the sprite fits `maxSide`.
 */
export function spriteLayout(count: number, maxThumbnail = 64, maxSide = MAX_SPRITE_SIDE): SpriteLayout {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`a sprite needs at least one image, got ${count}`);
  const columns = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const thumbnail = Math.max(1, Math.min(maxThumbnail, Math.floor(maxSide / columns)));
  return { columns, rows, thumbnail, width: columns * thumbnail, height: rows * thumbnail };
}
