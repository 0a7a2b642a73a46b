import * as fs from 'node:fs';
import * as path from 'node:path';
import { isStrictlyInside } from './framePaths';
import { parseManifestLines, type ManifestRow } from './manifest';

/** A dataset folder that cannot be used as it is: the message names the file, the line and the fix. */
export class DatasetError extends Error {
  constructor(
    message: string,
    /** missing: no manifest; damaged: not JSON lines; escapes: a row names a file outside the folder. */
    readonly kind: 'missing' | 'damaged' | 'escapes',
  ) {
    super(message);
  }
}

export interface DatasetManifest {
  readonly file: string;
  readonly text: string;
  readonly rows: ManifestRow[];
}

/**
 * Reads `<dataset>/manifest.jsonl` and refuses the whole dataset when any row names a file outside
 * the folder, symlinks included: a manifest is data, and data must never make us read other files.
 */
export async function readDatasetManifest(datasetDir: string): Promise<DatasetManifest> {
  const file = path.join(datasetDir, 'manifest.jsonl');
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    throw new DatasetError(
      `${datasetDir} is not a dataset: it has no manifest.jsonl. Run Extract Frames first and choose its ` +
        'output folder.',
      'missing',
    );
  }
  let parsed: ReturnType<typeof parseManifestLines>;
  try {
    parsed = parseManifestLines(text, file);
  } catch (error) {
    throw new DatasetError(error instanceof Error ? error.message : String(error), 'damaged');
  }
  await assertRowsInside(datasetDir, parsed.rows, (index) => `${file}:${parsed.lines[index]}`);
  return { file, text, rows: parsed.rows };
}

const CHECKS_AT_ONCE = 32;

/** Throws a DatasetError naming the first row (by `placeOf(index)`) whose path leaves `datasetDir`. */
export async function assertRowsInside(
  datasetDir: string,
  rows: readonly Pick<ManifestRow, 'path'>[],
  placeOf: (index: number) => string,
): Promise<void> {
  const root = path.resolve(datasetDir);
  const realRoot = await fs.promises.realpath(root).catch(() => root);
  for (let index = 0; index < rows.length; index++) {
    const reason = lexicalEscape(root, rows[index].path);
    if (reason) throw escapeError(placeOf(index), rows[index].path, root, reason);
  }
  // Then symlinks: a path that stays inside by name may still lead outside on disk.
  for (let start = 0; start < rows.length; start += CHECKS_AT_ONCE) {
    const batch = rows.slice(start, start + CHECKS_AT_ONCE);
    const outside = await Promise.all(batch.map((row) => leavesThroughLink(realRoot, path.join(root, row.path))));
    const found = outside.findIndex((target) => target !== undefined);
    if (found >= 0) {
      throw escapeError(
        placeOf(start + found),
        batch[found].path,
        root,
        `it leads through a symbolic link to ${outside[found]}`,
      );
    }
  }
}

function lexicalEscape(root: string, relative: string): string | undefined {
  if (relative.includes('\0')) return 'it contains a NUL character';
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative)) return 'it is an absolute path';
  if (!isStrictlyInside(root, path.resolve(root, relative))) return 'it resolves outside the folder';
  return undefined;
}

/** The real place of `file` when it lies outside `realRoot`; undefined when inside or absent. */
async function leavesThroughLink(realRoot: string, file: string): Promise<string | undefined> {
  const real = await fs.promises.realpath(file).catch(() => undefined);
  if (real === undefined) return undefined; // Missing frames are skipped (and reported) by the reader.
  return isStrictlyInside(realRoot, real) ? undefined : real;
}

function escapeError(place: string, relative: string, root: string, reason: string): DatasetError {
  return new DatasetError(
    `${place}: the frame path ${JSON.stringify(relative)} is refused because ${reason}; a manifest may only ` +
      `name files inside its dataset folder ${root}. ` +
      'The dataset is not used: extract the frames again, or remove the row.',
    'escapes',
  );
}
