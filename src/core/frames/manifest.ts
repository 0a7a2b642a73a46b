import type { SplitName } from './extractionSettings';
import type { SourceSegment } from './framePlan';

/** One extracted frame. Key order is fixed: the same run gives byte-identical files. */
export interface ManifestRow {
  /** The video file, relative to the annotation file's folder (forward slashes) or absolute. */
  readonly video: string;
  readonly videoId: string | number;
  readonly time: number;
  readonly class: string;
  readonly split: SplitName;
  /** The JPEG, relative to the output folder. */
  readonly path: string;
  /** The segment the class comes from; null for background frames. */
  readonly annotation: SourceSegment | null;
}

/** Canonical order: by videoId as text, then time. Shards merged in this order equal one run. */
export function compareRows(a: ManifestRow, b: ManifestRow): number {
  const ka = String(a.videoId);
  const kb = String(b.videoId);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a.time - b.time;
}

export function toJsonLines(rows: readonly ManifestRow[]): string {
  return rows
    .map((row) =>
      JSON.stringify({
        video: row.video,
        videoId: row.videoId,
        time: row.time,
        class: row.class,
        split: row.split,
        path: row.path,
        annotation: row.annotation && {
          index: row.annotation.index,
          label: row.annotation.label,
          startSeconds: row.annotation.startSeconds,
          endSeconds: row.annotation.endSeconds,
        },
      }),
    )
    .map((line) => line + '\n')
    .join('');
}

const CSV_HEADER = [
  'video',
  'videoId',
  'time',
  'class',
  'split',
  'path',
  'annotationIndex',
  'annotationLabel',
  'annotationStartSeconds',
  'annotationEndSeconds',
];

export function toCsv(rows: readonly ManifestRow[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const row of rows) {
    const a = row.annotation;
    const cells = [
      row.video,
      row.videoId,
      row.time,
      row.class,
      row.split,
      row.path,
      a?.index ?? '',
      a?.label ?? '',
      a?.startSeconds ?? '',
      a?.endSeconds ?? '',
    ];
    lines.push(cells.map((cell) => csvCell(String(cell))).join(','));
  }
  return lines.join('\n') + '\n';
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Reads a JSONL manifest, naming the line of any row that is not one. */
export function parseJsonLines(text: string, file: string): ManifestRow[] {
  return parseManifestLines(text, file).rows;
}

/** The rows with the 1-based line each came from, so that later checks can name the line too. */
export function parseManifestLines(text: string, file: string): { rows: ManifestRow[]; lines: number[] } {
  const rows: ManifestRow[] = [];
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(
        `${file}:${index + 1}: not a JSON line. The file is damaged: run the extraction for this shard again.`,
      );
    }
    if (!isRow(value))
      throw new Error(
        `${file}:${index + 1}: not a manifest row (video, videoId, time, class, split, path, annotation).`,
      );
    rows.push(value);
    lines.push(index + 1);
  });
  return { rows, lines };
}

function isRow(value: unknown): value is ManifestRow {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  return (
    typeof row.video === 'string' &&
    (typeof row.videoId === 'string' || typeof row.videoId === 'number') &&
    typeof row.time === 'number' &&
    typeof row.class === 'string' &&
    typeof row.split === 'string' &&
    typeof row.path === 'string' &&
    (row.annotation === null || typeof row.annotation === 'object')
  );
}

export interface ClassCounts {
  [split: string]: { [className: string]: number };
}

export function countRows(rows: readonly ManifestRow[], classes: readonly string[]): ClassCounts {
  const counts: ClassCounts = {};
  for (const split of ['train', 'validation', 'test']) counts[split] = Object.fromEntries(classes.map((c) => [c, 0]));
  for (const row of rows) counts[row.split][row.class] = (counts[row.split][row.class] ?? 0) + 1;
  return counts;
}
