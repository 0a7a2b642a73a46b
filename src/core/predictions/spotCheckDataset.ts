import * as path from 'node:path';
import type { ManifestRow } from '../frames/manifest';
import type { SpotCheckFrame } from '../../shared/spotCheckProtocol';

/** One scored frame of the test split, as the training wrote it in evaluation.json. */
export interface EvaluatedFrame {
  /** Relative to the dataset folder. */
  readonly path: string;
  readonly video: string;
  readonly videoId: string | number;
  readonly time: number;
  readonly trueClass: string;
  /** In `classes` order. */
  readonly scores: readonly number[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isEvaluatedFrame(value: unknown): value is EvaluatedFrame {
  if (!isRecord(value)) return false;
  return (
    typeof value.path === 'string' &&
    typeof value.video === 'string' &&
    (typeof value.videoId === 'string' || typeof value.videoId === 'number') &&
    typeof value.time === 'number' &&
    typeof value.trueClass === 'string' &&
    Array.isArray(value.scores) &&
    value.scores.every((s) => typeof s === 'number')
  );
}

/** The test split's per-frame predictions of evaluation.json; frames in another shape are left out. */
export function readEvaluation(value: unknown): { classes: string[]; frames: EvaluatedFrame[] } | undefined {
  if (!isRecord(value) || !Array.isArray(value.classes) || !value.classes.every((c) => typeof c === 'string'))
    return undefined;
  const frames = Array.isArray(value.predictions) ? value.predictions.filter(isEvaluatedFrame) : [];
  return { classes: value.classes as string[], frames };
}

/**
 * The dataset a run was trained on. config.json records absolute paths; when the workspace was moved
 * or copied since, the dataset is found at the same place relative to the runs folder.
 */
export function datasetDirOf(config: unknown, runDir: string, exists: (dir: string) => boolean): string | undefined {
  if (!isRecord(config) || !isRecord(config.dataset) || typeof config.dataset.dir !== 'string') return undefined;
  const recorded = config.dataset.dir;
  if (exists(path.join(recorded, 'manifest.jsonl'))) return recorded;
  if (typeof config.runsDir === 'string') {
    const moved = path.resolve(path.dirname(runDir), path.relative(config.runsDir, recorded));
    if (exists(path.join(moved, 'manifest.jsonl'))) return moved;
  }
  return recorded;
}

/** The dataset folder an image belongs to: the nearest folder above it holding manifest.jsonl. */
export function findDatasetRoot(image: string, exists: (file: string) => boolean): string | undefined {
  let dir = path.dirname(path.resolve(image));
  for (;;) {
    if (exists(path.join(dir, 'manifest.jsonl'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Manifest rows by their image path (forward slashes, relative to the dataset folder). */
export function indexManifest(rows: readonly ManifestRow[]): Map<string, ManifestRow> {
  return new Map(rows.map((row) => [row.path.replace(/\\/g, '/'), row]));
}

/** The manifest row of an image inside a dataset folder, if the manifest lists it. */
export function manifestRowOf(
  index: ReadonlyMap<string, ManifestRow>,
  datasetDir: string,
  image: string,
): ManifestRow | undefined {
  const relative = path.relative(datasetDir, path.resolve(image)).split(path.sep).join('/');
  return index.get(relative);
}

export const frameOf = (datasetDir: string, row: Pick<ManifestRow, 'video' | 'videoId' | 'time'>): SpotCheckFrame => ({
  datasetDir,
  video: row.video,
  videoId: row.videoId,
  time: row.time,
});
