import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runExtract } from '../../src/cli/commands/extract';
import { segmentationScores, summarizeSegmentation, type SegmentationSummary, type VideoSegmentation } from '../../src/core/metrics/segmentation';
import { labelAt } from '../../src/core/predictions/frameAccuracy';
import { truthSegments } from '../../src/core/predictions/truthSegments';
import { applyTemporalModel } from '../../src/core/temporal/applyTemporalModel';
import { buildTemporalModel, DEFAULT_RECIPES, type TemporalRecipe } from '../../src/core/temporal/selectTemporalModel';
import { describeTemporalModel, type PhaseStatistics, type TemporalModel } from '../../src/core/temporal/types';
import { TRAIN_DEFAULTS } from '../../src/core/training/trainDefaults';
import type { TrainConfig } from '../../src/shared/trainingProtocol';
import { predictVideo } from '../../src/worker/predictVideo';
import { runTraining } from '../../src/worker/runTraining';

/**
 * `npm run bench`, real-footage part: leave-one-video-out on the phase-labelled laparoscopic videos of
 * ../shared/realdata/cholect50-phases, the way a user runs it: extract (step 1, offset 0, the held-out
 * video pinned to test), train with the defaults, predict-video --every 1 on the held-out video. For
 * frame-only, every temporal candidate and the run's own choice it prints frame accuracy beside the
 * majority-class baseline, macro-F1, edit and F1@{10,25,50} per video and as the mean over videos.
 * BENCH_REAL_MODELS=a,b picks base models (folders of ../shared/models), BENCH_REAL_OPTIONS a JSON
 * object of TrainConfig overrides. Goals (issue 9): accuracy ≥ 1.6× the baseline, F1@25 ≥ 50.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, '..', 'shared');
const dataDir = path.join(shared, 'realdata', 'cholect50-phases');
const annotationFile = path.join(dataDir, 'phases.annotations.json');
const GOAL_RATIO = 1.6;
const GOAL_F1_AT_25 = 50;

interface Row {
  readonly model: string;
  readonly method: string;
  readonly perVideo: Record<string, VideoSegmentation>;
  readonly summary: SegmentationSummary;
}

export async function runRealFootageBench(): Promise<void> {
  if (!fs.existsSync(annotationFile)) {
    console.log(`\nReal-footage benchmark: ${dataDir} is absent, nothing measured.`);
    return;
  }
  const annotations = fs.readFileSync(annotationFile, 'utf8');
  const videoIds = (JSON.parse(annotations) as Array<{ videoId: string }>).map((e) => String(e.videoId));
  const models = (process.env.BENCH_REAL_MODELS ?? 'mobilenet_v1_0.75_224_tfjs_layers').split(',').map((m) => m.trim()).filter(Boolean);
  const overrides = JSON.parse(process.env.BENCH_REAL_OPTIONS ?? '{}') as Partial<TrainConfig>;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-real-bench-'));
  const cacheDir = path.join(repoRoot, 'bench-output', 'real-cache');
  console.log(`\nReal-footage benchmark: leave-one-video-out on ${videoIds.join(', ')} (${path.relative(repoRoot, dataDir)}), base models ${models.join(', ')}${Object.keys(overrides).length ? `, options ${JSON.stringify(overrides)}` : ''}`);
  const rows: Row[] = [];
  const times: Record<string, number[]> = { extract: [], train: [], predict: [], decode: [] };
  const chosenNames: string[] = [];
  try {
    for (const model of models) {
      const perMethod = new Map<string, Record<string, VideoSegmentation>>();
      const add = (method: string, videoId: string, scores: VideoSegmentation) => {
        if (!perMethod.has(method)) perMethod.set(method, {});
        perMethod.get(method)![videoId] = scores;
      };
      for (const heldOut of videoIds) {
        const foldDir = path.join(work, `${model}-${heldOut}`);
        const pins = videoIds.map((id) => `${id}=${id === heldOut ? 'test' : 'train'}`).join(',');
        let started = performance.now();
        const quiet = { stdout: () => undefined, stderr: (t: string) => (/error/i.test(t) ? console.error(t) : undefined) };
        const extracted = await runExtract([annotationFile, '--videos', dataDir, '--out', path.join(foldDir, 'dataset'), '--step', '1', '--offset', '0', '--pin', pins], quiet);
        if (extracted !== 0) throw new Error(`extract exited ${extracted} for fold ${heldOut}`);
        times.extract.push(performance.now() - started);

        started = performance.now();
        const config: TrainConfig = {
          ...TRAIN_DEFAULTS,
          runName: `real-${heldOut}`,
          datasetDir: path.join(foldDir, 'dataset'),
          runsDir: path.join(foldDir, 'runs'),
          baseModel: path.join(shared, 'models', model),
          modelCacheDir: path.join(cacheDir, 'models'),
          embeddingCacheDir: path.join(cacheDir, 'embeddings'),
          ...overrides,
        };
        const result = await runTraining(config, { send: () => undefined, isCancelled: () => false });
        times.train.push(performance.now() - started);
        const temporalFile = JSON.parse(fs.readFileSync(path.join(result.runDir, 'temporal.json'), 'utf8')) as { model: TemporalModel; name: string };
        chosenNames.push(`${heldOut}: ${temporalFile.name}`);

        started = performance.now();
        const prediction = await predictVideo({ runDir: result.runDir, video: path.join(dataDir, `${heldOut}.mp4`), everySeconds: 1, backend: config.backend });
        times.predict.push(performance.now() - started);

        started = performance.now();
        const truth = truthSegments(annotations, heldOut)!;
        const trueLabels = prediction.times.map((t) => labelAt(t, truth.segments, '(none)'));
        const statistics = temporalFile.model.kind === 'hmm' ? temporalFile.model.statistics : undefined;
        const methods: Array<[string, TemporalModel]> = [[`chosen: ${temporalFile.name}`, temporalFile.model]];
        for (const recipe of DEFAULT_RECIPES) if (statistics || recipe.kind === 'frame') methods.push([recipeName(recipe, statistics), buildTemporalModel(recipe, statistics ?? emptyStatistics())]);
        for (const [method, temporal] of methods) {
          const decoded = applyTemporalModel(prediction, temporal, 1);
          add(method.startsWith('chosen') ? 'chosen by the run' : method, heldOut, segmentationScores(trueLabels, decoded.classes.map((c) => prediction.classes[c])));
        }
        times.decode.push(performance.now() - started);
      }
      for (const [method, perVideo] of perMethod) rows.push({ model, method, perVideo, summary: summarizeSegmentation(Object.values(perVideo)) });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  printTable(rows, videoIds);
  console.log(`Chosen per fold: ${chosenNames.join('; ')}`);
  const ms = (values: number[]) => `${(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length) / 1000).toFixed(1)} s`;
  console.log(`Wall time per fold (mean): extract ${ms(times.extract)}, train (embed + head + temporal choice + test evaluation) ${ms(times.train)}, predict-video ${ms(times.predict)}, decode all candidates ${ms(times.decode)}`);
  for (const row of rows.filter((r) => r.method === 'chosen by the run')) {
    const m = row.summary.mean;
    const ratio = m.frameAccuracy / m.majorityBaseline;
    if (ratio < GOAL_RATIO) console.log(`GOAL MISSED (${row.model}): accuracy ${ratio.toFixed(2)}× the majority baseline, goal ≥ ${GOAL_RATIO}×`);
    if (m.f1At25 < GOAL_F1_AT_25) console.log(`GOAL MISSED (${row.model}): F1@25 ${m.f1At25.toFixed(1)}, goal ≥ ${GOAL_F1_AT_25}`);
  }
  const outputFile = path.join(repoRoot, 'bench-output', 'real-footage.json');
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  fs.writeFileSync(outputFile, JSON.stringify({ models, overrides, rows: rows.map((r) => ({ model: r.model, method: r.method, mean: r.summary.mean, pooled: r.summary.pooled, perVideo: Object.fromEntries(Object.entries(r.perVideo).map(([id, s]) => [id, { ...s, perClass: undefined }])) })), times }, null, 2) + '\n');
}

function printTable(rows: readonly Row[], videoIds: readonly string[]): void {
  const pct = (v: number) => (v * 100).toFixed(1);
  const head = ['base model', 'method', 'video', 'acc %', 'majority %', 'ratio', 'macro-F1 %', 'edit', 'F1@10', 'F1@25', 'F1@50', 'segments'];
  const lines = [head];
  for (const row of rows) {
    const line = (video: string, s: Pick<VideoSegmentation, 'frameAccuracy' | 'majorityBaseline' | 'macroF1' | 'editScore' | 'f1At10' | 'f1At25' | 'f1At50'>, segments: string) =>
      [row.model.replace(/_tfjs_layers$/, ''), row.method, video, pct(s.frameAccuracy), pct(s.majorityBaseline), (s.frameAccuracy / s.majorityBaseline).toFixed(2), pct(s.macroF1), s.editScore.toFixed(1), s.f1At10.toFixed(1), s.f1At25.toFixed(1), s.f1At50.toFixed(1), segments];
    for (const id of videoIds) if (row.perVideo[id]) lines.push(line(id, row.perVideo[id], String(row.perVideo[id].counts.at10.tp + row.perVideo[id].counts.at10.fp)));
    lines.push(line('mean', row.summary.mean, ''));
  }
  const widths = head.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  console.log(lines.map((l) => l.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n'));
}

function recipeName(recipe: TemporalRecipe, statistics: PhaseStatistics | undefined): string {
  if (recipe.kind === 'smoothing') return `smoothing ${recipe.shareOfPhase} of a phase`;
  return statistics ? describeTemporalModel(buildTemporalModel(recipe, statistics)) : recipe.kind;
}

function emptyStatistics(): PhaseStatistics {
  return { classes: [], initial: [], transitions: [], meanDurationSeconds: [1], priors: [], videos: 0 };
}

if (require.main === module) {
  runRealFootageBench().catch((error: unknown) => console.error(`BENCHMARK ERROR: ${error instanceof Error ? error.stack : String(error)}`));
}
