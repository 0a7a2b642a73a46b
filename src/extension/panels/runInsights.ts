// What a run logged beyond its curves, for the dashboard: the image grids (<run>/images/images.json
// and its JPEGs) and the head's weight distributions (<run>/distributions.jsonl), both written by
// the worker (src/worker/richLogs.ts). Read defensively, like the rest of a run folder: a damaged
// entry is left out, and an image is only ever a JPEG file inside <run>/images/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DISTRIBUTION_BASIS_POINTS,
  type RunImage,
  type RunInsights,
  type WeightDistribution,
} from '../../shared/dashboardProtocol';

const IMAGE_FILE = /^images\/[\w.-]+\.jpg$/;
/** Enough for a long run; a larger file is most likely not ours. */
const MAX_DISTRIBUTION_LINES = 5000;

const obj = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const size = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 65535 ? value : undefined;

/** `toSrc` turns an image file (absolute path) into what the webview may load (asWebviewUri). */
export async function readRunInsights(
  runDir: string,
  toSrc: (file: string) => string,
): Promise<RunInsights | undefined> {
  const [images, distributions] = await Promise.all([readImages(runDir, toSrc), readDistributions(runDir)]);
  return images.length || distributions.length ? { images, distributions } : undefined;
}

async function readImages(runDir: string, toSrc: (file: string) => string): Promise<RunImage[]> {
  let index: unknown;
  try {
    index = JSON.parse(await fs.promises.readFile(path.join(runDir, 'images', 'images.json'), 'utf8'));
  } catch {
    return [];
  }
  const entries = Array.isArray(obj(index).images) ? (obj(index).images as unknown[]) : [];
  return entries.flatMap((entry): RunImage[] => {
    const e = obj(entry);
    const kind = e.kind === 'samples' || e.kind === 'misclassified' ? e.kind : undefined;
    const [file, tag, title, caption] = [text(e.file), text(e.tag), text(e.title), text(e.caption)];
    const [width, height] = [size(e.width), size(e.height)];
    if (
      !kind ||
      !file ||
      !IMAGE_FILE.test(file) ||
      tag === undefined ||
      title === undefined ||
      caption === undefined ||
      !width ||
      !height
    )
      return [];
    return [{ kind, tag, title, caption, file, width, height, src: toSrc(path.join(runDir, ...file.split('/'))) }];
  });
}

/** distributions.jsonl: one line per epoch; per weight, its series over the epochs. */
export function parseDistributions(content: string): WeightDistribution[] {
  const byName = new Map<string, { epochs: number[]; percentiles: number[][] }>();
  for (const line of content.split('\n').slice(0, MAX_DISTRIBUTION_LINES)) {
    if (!line.trim()) continue;
    let value: Record<string, unknown>;
    try {
      value = obj(JSON.parse(line));
    } catch {
      continue; // a half-written last line
    }
    const epoch = value.epoch;
    if (typeof epoch !== 'number' || !Number.isInteger(epoch) || !Array.isArray(value.weights)) continue;
    for (const weight of value.weights as unknown[]) {
      const w = obj(weight);
      const name = text(w.name);
      const values = Array.isArray(w.percentiles) ? w.percentiles : [];
      if (
        !name ||
        values.length !== DISTRIBUTION_BASIS_POINTS.length ||
        !values.every((v) => typeof v === 'number' && Number.isFinite(v))
      )
        continue;
      if (!byName.has(name)) byName.set(name, { epochs: [], percentiles: [] });
      const series = byName.get(name)!;
      series.epochs.push(epoch);
      series.percentiles.push(values as number[]);
    }
  }
  return [...byName].map(([name, series]) => ({ name, ...series }));
}

async function readDistributions(runDir: string): Promise<WeightDistribution[]> {
  try {
    return parseDistributions(await fs.promises.readFile(path.join(runDir, 'distributions.jsonl'), 'utf8'));
  } catch {
    return [];
  }
}
