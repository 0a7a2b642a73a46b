import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  RunData,
  RunEvaluation,
  RunSettings,
  SegmentationSummary,
  StepPoint,
  TemporalEvaluation,
  VideoFigures,
} from '../../shared/dashboardProtocol';
import type { EpochMetrics } from '../../shared/workerProtocol';

const STATUSES = new Set(['running', 'completed', 'cancelled', 'failed']);

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.promises.readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const obj = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/**
 * Run folders (those with a config.json or metrics.jsonl) of a runs folder, oldest first (their names start with the
 * time).
 */
export async function listRuns(runsFolder: string): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(runsFolder, { withFileTypes: true });
  } catch {
    return [];
  }
  const runs = entries.filter(
    (e) =>
      e.isDirectory() &&
      (fs.existsSync(path.join(runsFolder, e.name, 'metrics.jsonl')) ||
        fs.existsSync(path.join(runsFolder, e.name, 'config.json'))),
  );
  return runs.map((e) => e.name).sort();
}

/** metrics.jsonl read defensively: a half-written last line or a foreign line is skipped. */
export function parseMetrics(text: string): { steps: StepPoint[]; epochs: EpochMetrics[] } {
  const steps: StepPoint[] = [];
  const epochs: EpochMetrics[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: Record<string, unknown>;
    try {
      value = obj(JSON.parse(line));
    } catch {
      continue;
    }
    const step = num(value.step);
    if (value.kind === 'step' && step !== undefined) {
      const loss = num(value.loss);
      const accuracy = num(value.accuracy);
      if (loss !== undefined && accuracy !== undefined) steps.push({ step, loss, accuracy });
    } else if (value.kind === 'epoch' && step !== undefined && num(value.epoch) !== undefined) {
      epochs.push({
        epoch: num(value.epoch) ?? 0,
        step,
        trainLoss: num(value.trainLoss) ?? NaN,
        trainAccuracy: num(value.trainAccuracy) ?? NaN,
        validationLoss: num(value.validationLoss),
        validationAccuracy: num(value.validationAccuracy),
        learningRate: num(value.learningRate) ?? NaN,
      });
    }
  }
  return { steps, epochs };
}

function settingsOf(config: unknown): RunSettings {
  const c = obj(config);
  const backend =
    typeof c.backend === 'string'
      ? c.backend
      : typeof obj(c.backend).used === 'string'
        ? (obj(c.backend).used as string)
        : undefined;
  const baseModel = typeof c.baseModel === 'string' ? c.baseModel : undefined;
  return {
    ...(baseModel ? { baseModel: path.basename(baseModel) } : {}),
    ...(num(c.epochs) !== undefined ? { epochs: num(c.epochs) } : {}),
    ...(num(c.learningRate) !== undefined ? { learningRate: num(c.learningRate) } : {}),
    ...(num(c.hiddenUnits) !== undefined ? { hiddenUnits: num(c.hiddenUnits) } : {}),
    ...(num(c.batchSize) !== undefined ? { batchSize: num(c.batchSize) } : {}),
    ...(backend ? { backend } : {}),
  };
}

const POOLED_KEYS = ['frameAccuracy', 'editScore', 'f1At10', 'f1At25', 'f1At50'] as const;
const MEAN_KEYS = [...POOLED_KEYS, 'macroF1', 'majorityBaseline'] as const;
const VIDEO_KEYS = ['frames', 'correct', ...MEAN_KEYS] as const;

/** A finite number under each key, or undefined when one is missing or not a number. */
function figuresOf<K extends string>(value: unknown, keys: readonly K[]): Record<K, number> | undefined {
  const o = obj(value);
  const entries = keys.map((key) => [key, num(o[key])] as const);
  if (entries.some(([, n]) => n === undefined)) return undefined;
  return Object.fromEntries(entries) as Record<K, number>;
}

function summaryOf(value: unknown): SegmentationSummary | undefined {
  const o = obj(value);
  const videos = num(o.videos);
  const mean = figuresOf(o.mean, MEAN_KEYS);
  const pooled = figuresOf(o.pooled, POOLED_KEYS);
  return videos !== undefined && Number.isInteger(videos) && videos >= 0 && mean && pooled
    ? { videos, mean, pooled }
    : undefined;
}

/** One test video's two readings; undefined when its id or either set of figures is missing. */
function videoOf(value: unknown): TemporalEvaluation['perVideo'][number] | undefined {
  const o = obj(value);
  const videoId = typeof o.videoId === 'string' || typeof o.videoId === 'number' ? String(o.videoId) : undefined;
  const frameOnly: VideoFigures | undefined = figuresOf(o.frameOnly, VIDEO_KEYS);
  const temporal: VideoFigures | undefined = figuresOf(o.temporal, VIDEO_KEYS);
  return videoId !== undefined && frameOnly && temporal ? { videoId, frameOnly, temporal } : undefined;
}

/**
 * evaluation.json's `temporal` (frame-only against the run's temporal model on the test videos), read
 * defensively: a run trained before it existed, or a damaged one, has none; damaged videos are left out.
 */
export function temporalEvaluationOf(value: unknown): TemporalEvaluation | undefined {
  const o = obj(value);
  const frameOnly = summaryOf(o.frameOnly);
  const temporal = summaryOf(o.temporal);
  if (typeof o.model !== 'string' || !o.model || !frameOnly || !temporal) return undefined;
  const background = Array.isArray(o.background) ? o.background.filter((b): b is string => typeof b === 'string') : [];
  const perVideo = Array.isArray(o.perVideo) ? o.perVideo.flatMap((v: unknown) => videoOf(v) ?? []) : [];
  return { model: o.model, background, perVideo, frameOnly, temporal };
}

function evaluationOf(value: unknown): RunEvaluation | undefined {
  const e = obj(value);
  const accuracy = num(e.accuracy);
  if (!Array.isArray(e.classes) || !Array.isArray(e.confusion) || accuracy === undefined) return undefined;
  const temporal = temporalEvaluationOf(e.temporal);
  // Predictions (one per test frame) stay on the host: the dashboard needs only the summary.
  return {
    split: typeof e.split === 'string' ? e.split : 'test',
    classes: e.classes.map(String),
    accuracy,
    confusion: (e.confusion as unknown[]).map((row) => (Array.isArray(row) ? row.map((n) => num(n) ?? 0) : [])),
    perClass: Array.isArray(e.perClass) ? (e.perClass as RunEvaluation['perClass']) : [],
    prCurves: obj(e.prCurves) as RunEvaluation['prCurves'],
    ...(temporal ? { temporal } : {}),
  };
}

export async function readRun(runDir: string): Promise<RunData> {
  const [config, state, evaluation, metricsText] = await Promise.all([
    readJson(path.join(runDir, 'config.json')),
    readJson(path.join(runDir, 'run.json')),
    readJson(path.join(runDir, 'evaluation.json')),
    fs.promises.readFile(path.join(runDir, 'metrics.jsonl'), 'utf8').catch(() => ''),
  ]);
  const status = obj(state).status;
  const parsedEvaluation = evaluationOf(evaluation);
  return {
    id: path.basename(runDir),
    status: typeof status === 'string' && STATUSES.has(status) ? (status as RunData['status']) : 'unknown',
    settings: settingsOf(config),
    ...parseMetrics(metricsText),
    ...(parsedEvaluation ? { evaluation: parsedEvaluation } : {}),
  };
}
