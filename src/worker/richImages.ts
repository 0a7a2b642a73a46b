// The run's pictures: before training a grid of sample training frames per class, at the end the
// misclassified test frames per (true, predicted) pair. Each grid is one JPEG, written both as a
// TensorBoard image and as a file under <run>/images/ for the dashboard (images.json lists them).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestRow } from '../core/frames/manifest';
import { argMax } from '../core/metrics/classification';
import { Colorspace, imageValue } from '../core/tensorboard/imageSummary';
import { mulberry32 } from '../core/util/seededRandom';
import { writeFileAtomic } from '../core/util/atomicWrite';
import type { RunImage } from '../shared/dashboardProtocol';
import { cellFor, composeGrid, type GridLayout } from './frameGrid';

export const SAMPLES_PER_CLASS = 16;
export const MISCLASSIFIED_PER_PAIR = 32;
/** At most this many misclassified frames in all (8 full grids): a bad run's logs stay small. */
export const MAX_MISCLASSIFIED = 256;
const CELL_WIDTH = 128;

export const IMAGES_FOLDER = 'images';
export const IMAGES_INDEX = 'images.json';

/** A grid as TensorBoard gets it (a Summary.Value) and as the dashboard lists it (a RunImage with its file). */
export interface LoggedGrid {
  readonly value: Uint8Array;
  readonly image: Omit<RunImage, 'src'>;
}

/** A test frame with its scores, as evaluation.json lists it. */
export interface ScoredFrame {
  readonly path: string;
  readonly videoId: string | number;
  readonly time: number;
  readonly trueClass: string;
  readonly scores: readonly number[];
}

const where = (frame: { videoId: string | number; time: number }) => `${frame.videoId} @ ${frame.time.toFixed(1)} s`;
const safeFileName = (text: string) => text.replace(/[^\w.-]+/g, '_').slice(0, 80);

async function grid(
  runDir: string,
  datasetDir: string,
  frames: readonly Pick<ManifestRow, 'path'>[],
  columns: number,
  name: string,
): Promise<{ file: string; width: number; height: number; jpeg: Buffer; failed: number }> {
  const files = frames.map((frame) => path.join(datasetDir, frame.path));
  const cell = await cellFor(files, CELL_WIDTH);
  const layout: GridLayout = { columns: Math.min(columns, files.length), ...cell, gap: 2 };
  const { jpeg, width, height, failed } = await composeGrid(files, layout);
  const file = `${IMAGES_FOLDER}/${name}.jpg`;
  await fs.promises.mkdir(path.join(runDir, IMAGES_FOLDER), { recursive: true });
  await writeFileAtomic(path.join(runDir, file), jpeg);
  return { file, width, height, jpeg, failed };
}

/** Up to SAMPLES_PER_CLASS training frames of each class, drawn by the run's seed, shown in video order. */
export async function sampleGrids(
  runDir: string,
  datasetDir: string,
  classes: readonly string[],
  rows: readonly ManifestRow[],
  seed: number,
): Promise<LoggedGrid[]> {
  const grids: LoggedGrid[] = [];
  for (const [c, className] of classes.entries()) {
    const ofClass = rows.filter((row) => row.class === className);
    if (!ofClass.length) continue;
    const chosen = seededSample(ofClass.length, SAMPLES_PER_CLASS, seed + c).map((i) => ofClass[i]);
    const made = await grid(runDir, datasetDir, chosen, 4, `samples-${c}-${safeFileName(className)}`);
    const title = `Training frames of ${className}`;
    const caption =
      `${chosen.length} of ${ofClass.length} training frames of **${className}**, row by row: ` +
      `${chosen.map(where).join('; ')}${made.failed ? ` (${made.failed} unreadable, grey)` : ''}.`;
    grids.push(toLogged(`samples/${className}`, 'samples', title, caption, made));
  }
  return grids;
}

/**
 * The misclassified test frames, grouped by (true, predicted) class, the most confident mistakes
 * first; the pairs with the most mistakes first, up to MAX_MISCLASSIFIED frames in all.
 */
export async function misclassifiedGrids(
  runDir: string,
  datasetDir: string,
  classes: readonly string[],
  frames: readonly ScoredFrame[],
): Promise<LoggedGrid[]> {
  const pairs = new Map<string, { t: number; p: number; frames: Array<{ frame: ScoredFrame; confidence: number }> }>();
  for (const frame of frames) {
    const t = classes.indexOf(frame.trueClass);
    const p = argMax(frame.scores);
    if (t < 0 || p === t) continue;
    const key = `${t}:${p}`;
    if (!pairs.has(key)) pairs.set(key, { t, p, frames: [] });
    pairs.get(key)!.frames.push({ frame, confidence: frame.scores[p] });
  }
  const grids: LoggedGrid[] = [];
  let budget = MAX_MISCLASSIFIED;
  for (const pair of [...pairs.values()].sort((a, b) => b.frames.length - a.frames.length || a.t - b.t || a.p - b.p)) {
    if (budget <= 0) break;
    const shown = pair.frames
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, Math.min(MISCLASSIFIED_PER_PAIR, budget));
    budget -= shown.length;
    const [trueClass, predicted] = [classes[pair.t], classes[pair.p]];
    const made = await grid(
      runDir,
      datasetDir,
      shown.map((s) => s.frame),
      8,
      `misclassified-${pair.t}-${pair.p}-${safeFileName(trueClass)}-as-${safeFileName(predicted)}`,
    );
    const title = `${trueClass} predicted as ${predicted}`;
    const scored = shown.map((s) => `${where(s.frame)} (${s.confidence.toFixed(2)})`).join('; ');
    const unreadable = made.failed ? ` (${made.failed} unreadable, grey)` : '';
    const caption =
      `${shown.length} of ${pair.frames.length} test frames of **${trueClass}** predicted as **${predicted}**, ` +
      `most confident first (p of ${predicted}): ${scored}${unreadable}.`;
    grids.push(toLogged(`misclassified/${trueClass}/as_${predicted}`, 'misclassified', title, caption, made));
  }
  return grids;
}

function toLogged(
  tag: string,
  kind: RunImage['kind'],
  title: string,
  caption: string,
  made: { file: string; width: number; height: number; jpeg: Buffer },
): LoggedGrid {
  return {
    value: imageValue(
      tag,
      { width: made.width, height: made.height, colorspace: Colorspace.rgb, encoded: made.jpeg },
      caption,
    ),
    image: { kind, tag, title, caption, file: made.file, width: made.width, height: made.height },
  };
}

/** <run>/images/images.json: what the dashboard shows (files relative to the run folder). */
export async function writeImagesIndex(runDir: string, images: ReadonlyArray<Omit<RunImage, 'src'>>): Promise<void> {
  await fs.promises.mkdir(path.join(runDir, IMAGES_FOLDER), { recursive: true });
  await writeFileAtomic(path.join(runDir, IMAGES_FOLDER, IMAGES_INDEX), JSON.stringify({ images }, null, 2) + '\n');
}

/** `count` distinct indices of [0, n) drawn by `seed` (all of them when n ≤ count), ascending. */
export function seededSample(n: number, count: number, seed: number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  if (n <= count) return indices;
  const random = mulberry32(seed);
  // A partial Fisher–Yates: the first `count` places are a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices.slice(0, count).sort((a, b) => a - b);
}
