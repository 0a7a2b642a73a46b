import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite';
import { compareRows, parseJsonLines, toCsv, toJsonLines, type ManifestRow } from './manifest';

/** 1-based shard `index` of `count`: a deterministic subset of the videos (every count-th video of the plan). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new Error(`Shard "${text}" is not i/n with 1 ≤ i ≤ n, e.g. 2/8.`);
  return { index, count };
}

export function datasetFileNames(shard: Shard | undefined): {
  manifest: string;
  csv: string | undefined;
  dataset: string;
} {
  if (!shard) return { manifest: 'manifest.jsonl', csv: 'manifest.csv', dataset: 'dataset.json' };
  const suffix = `shard-${shard.index}-of-${shard.count}`;
  return { manifest: `manifest.${suffix}.jsonl`, csv: undefined, dataset: `dataset.${suffix}.json` };
}

interface ShardDataset {
  shard: Shard;
  classes: string[];
  splits: Record<string, Array<string | number>>;
  skipped: Record<string, number>;
  failedVideos: unknown[];
  excludedVideos: unknown[];
  counts: Record<string, Record<string, number>>;
  [key: string]: unknown;
}

/**
 * Joins the shard manifests of one output folder into the manifest (and CSV, dataset.json) a
 * single run would have written. Every shard 1..n must be present.
 */
export async function mergeShardManifests(outDir: string): Promise<{ rows: number; shards: number }> {
  const names = await fs.promises.readdir(outDir);
  const found = names
    .map((name) => /^manifest\.shard-(\d+)-of-(\d+)\.jsonl$/.exec(name))
    .filter((m): m is RegExpExecArray => !!m);
  if (!found.length)
    throw new Error(`No shard manifests (manifest.shard-I-of-N.jsonl) in ${outDir}. Run extract with --shard first.`);
  const count = Number(found[0][2]);
  if (found.some((m) => Number(m[2]) !== count))
    throw new Error(`${outDir} holds shard manifests of different shard counts; keep one set.`);
  const present = new Set(found.map((m) => Number(m[1])));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i));
  if (missing.length)
    throw new Error(
      `Shard(s) ${missing.join(', ')} of ${count} are missing in ${outDir}: run extract --shard ` +
        `${missing[0]}/${count} first.`,
    );

  const rows: ManifestRow[] = [];
  const datasets: ShardDataset[] = [];
  for (let index = 1; index <= count; index++) {
    const base = `shard-${index}-of-${count}`;
    const manifestFile = path.join(outDir, `manifest.${base}.jsonl`);
    rows.push(...parseJsonLines(await fs.promises.readFile(manifestFile, 'utf8'), manifestFile));
    datasets.push(
      JSON.parse(await fs.promises.readFile(path.join(outDir, `dataset.${base}.json`), 'utf8')) as ShardDataset,
    );
  }
  rows.sort(compareRows);
  const first = datasets[0];
  const merged = { ...first, shard: null } as Record<string, unknown>;
  merged.splits = Object.fromEntries(
    Object.keys(first.splits).map((split) => [split, datasets.flatMap((d) => d.splits[split]).sort(byKey)]),
  );
  merged.counts = Object.fromEntries(
    Object.keys(first.counts).map((split) => [
      split,
      Object.fromEntries(
        first.classes.map((c) => [c, datasets.reduce((sum, d) => sum + (d.counts[split]?.[c] ?? 0), 0)]),
      ),
    ]),
  );
  merged.skipped = Object.fromEntries(
    Object.keys(first.skipped).map((reason) => [
      reason,
      reason === 'past-video-end' ? datasets.reduce((sum, d) => sum + d.skipped[reason], 0) : first.skipped[reason],
    ]),
  );
  merged.failedVideos = datasets
    .flatMap((d) => d.failedVideos as Array<{ videoId: string | number }>)
    .sort((a, b) => byKey(a.videoId, b.videoId));
  await writeFileAtomic(path.join(outDir, 'manifest.jsonl'), toJsonLines(rows));
  await writeFileAtomic(path.join(outDir, 'manifest.csv'), toCsv(rows));
  await writeFileAtomic(path.join(outDir, 'dataset.json'), JSON.stringify(merged, null, 2) + '\n');
  return { rows: rows.length, shards: count };
}

export const byKey = (a: string | number, b: string | number): number =>
  String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
