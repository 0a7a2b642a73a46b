import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runExtract } from '../../src/cli/commands/extract';
import { segmentationScores, summarizeSegmentation, type VideoSegmentation } from '../../src/core/metrics/segmentation';
import { labelAt } from '../../src/core/predictions/frameAccuracy';
import { truthSegments } from '../../src/core/predictions/truthSegments';
import { applyTemporalModel } from '../../src/core/temporal/applyTemporalModel';
import { readRunTemporal } from '../../src/core/temporal/runTemporalModel';
import { buildTemporalModel, DEFAULT_RECIPES, type TemporalRecipe } from '../../src/core/temporal/selectTemporalModel';
import type { TemporalModel } from '../../src/core/temporal/types';
import { TRAIN_DEFAULTS } from '../../src/core/training/trainDefaults';
import type { TrainConfig } from '../../src/shared/workerProtocol';
import { predictVideo } from '../../src/worker/predictVideo';
import { runTraining } from '../../src/worker/runTraining';

/**
 * `npm run bench`, real-footage part: leave-one-video-out on the phase-labelled laparoscopic videos of
 * ../shared/realdata/cholect50-phases, the way a user runs it: extract (step 1, offset 0, the held-out
 * video pinned to test), train with the defaults, predict-video --every 1 on the held-out video. For
 * frame-only, every temporal candidate and the run's own choice it prints frame accuracy beside the
 * majority-class baseline, macro-F1, edit and F1@{10,25,50} per video and as the mean over videos,
 * averaged over several training seeds (two training videos make a run's figures vary by seed; the
 * spread is printed). BENCH_REAL_MODELS=a,b picks base models (folders of ../shared/models),
 * BENCH_REAL_OPTIONS a JSON object of TrainConfig overrides, BENCH_REAL_SEEDS the number of seeds (3),
 * BENCH_REAL_FLIP=1 test-time flips in predict-video.
 * Goals (issue 9): accuracy ≥ 1.6× the majority baseline, F1@25 ≥ 50, for the run's choice.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, '..', 'shared');
const dataDir = path.join(shared, 'realdata', 'cholect50-phases');
const annotationFile = path.join(dataDir, 'phases.annotations.json');
const GOAL_RATIO = 1.6;
const GOAL_F1_AT_25 = 50;
const CHOSEN = 'chosen by the run';

type Figures = Pick<VideoSegmentation, 'frameAccuracy' | 'majorityBaseline' | 'macroF1' | 'editScore' | 'f1At10' | 'f1At25' | 'f1At50'>;
const FIGURES: ReadonlyArray<keyof Figures> = ['frameAccuracy', 'majorityBaseline', 'macroF1', 'editScore', 'f1At10', 'f1At25', 'f1At50'];

/** One method's scores: [seed][videoId]. */
type Scores = Map<number, Map<string, VideoSegmentation>>;

interface Times {
  extract: number[];
  train: number[];
  predict: number[];
  decode: number[];
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
  const seeds = Array.from({ length: Math.max(1, Number(process.env.BENCH_REAL_SEEDS) || 3) }, (_, k) => TRAIN_DEFAULTS.seed + k);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-real-bench-'));
  const cacheDir = path.join(repoRoot, 'bench-output', 'real-cache');
  console.log(`\nReal-footage benchmark: leave-one-video-out on ${videoIds.join(', ')} (${path.relative(repoRoot, dataDir)}), base models ${models.join(', ')}, seeds ${seeds.join(', ')}${process.env.BENCH_REAL_FLIP === '1' ? ', test-time flips' : ''}${Object.keys(overrides).length ? `, options ${JSON.stringify(overrides)}` : ''}`);
  const results: Array<{ model: string; methods: Map<string, Scores>; times: Times; chosen: string[] }> = [];
  try {
    for (const model of models) {
      const methods = new Map<string, Scores>();
      const times: Times = { extract: [], train: [], predict: [], decode: [] };
      const chosen: string[] = [];
      const record = (method: string, seed: number, videoId: string, scores: VideoSegmentation) => {
        if (!methods.has(method)) methods.set(method, new Map());
        const bySeed = methods.get(method)!;
        if (!bySeed.has(seed)) bySeed.set(seed, new Map());
        bySeed.get(seed)!.set(videoId, scores);
      };
      for (const heldOut of videoIds) {
        const foldDir = path.join(work, `${model}-${heldOut}`);
        const pins = videoIds.map((id) => `${id}=${id === heldOut ? 'test' : 'train'}`).join(',');
        let started = performance.now();
        const quiet = { stdout: () => undefined, stderr: (t: string) => (/error/i.test(t) ? console.error(t) : undefined) };
        const extracted = await runExtract([annotationFile, '--videos', dataDir, '--out', path.join(foldDir, 'dataset'), '--step', '1', '--offset', '0', '--pin', pins], quiet);
        if (extracted !== 0) throw new Error(`extract exited ${extracted} for fold ${heldOut}`);
        times.extract.push(performance.now() - started);
        const truth = truthSegments(annotations, heldOut)!;
        for (const seed of seeds) {
          started = performance.now();
          const config: TrainConfig = {
            ...TRAIN_DEFAULTS,
            runName: `real-${heldOut}-${seed}`,
            datasetDir: path.join(foldDir, 'dataset'),
            runsDir: path.join(foldDir, 'runs'),
            baseModel: path.join(shared, 'models', model),
            modelCacheDir: path.join(cacheDir, 'models'),
            embeddingCacheDir: path.join(cacheDir, 'embeddings'),
            ...overrides,
            seed,
          };
          const result = await runTraining(config, { send: () => undefined, isCancelled: () => false });
          times.train.push(performance.now() - started);
          const run = (await readRunTemporal(result.runDir))!;
          chosen.push(run.name);

          started = performance.now();
          const prediction = await predictVideo({ runDir: result.runDir, video: path.join(dataDir, `${heldOut}.mp4`), everySeconds: 1, backend: config.backend, testTimeFlip: process.env.BENCH_REAL_FLIP === '1' });
          times.predict.push(performance.now() - started);

          started = performance.now();
          const trueLabels = prediction.times.map((t) => labelAt(t, truth.segments, '(none)'));
          const candidates: Array<[string, TemporalModel]> = [[CHOSEN, run.model]];
          for (const recipe of DEFAULT_RECIPES) {
            if (recipe.kind === 'tcn' ? run.tcn : run.statistics || recipe.kind === 'frame') candidates.push([recipeName(recipe), buildTemporalModel(recipe, run.statistics!, run.tcn)]);
          }
          for (const [method, temporal] of candidates) {
            const decoded = applyTemporalModel(prediction, temporal, 1);
            record(method, seed, heldOut, segmentationScores(trueLabels, decoded.classes.map((c) => prediction.classes[c])));
          }
          times.decode.push(performance.now() - started);
        }
      }
      results.push({ model, methods, times, chosen });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  report(results, videoIds, seeds);
}

function report(results: ReadonlyArray<{ model: string; methods: Map<string, Scores>; times: Times; chosen: string[] }>, videoIds: readonly string[], seeds: readonly number[]): void {
  const pct = (v: number) => (v * 100).toFixed(1);
  const head = ['base model', 'method', 'video', 'acc %', 'majority %', 'ratio', 'macro-F1 %', 'edit', 'F1@10', 'F1@25', 'F1@50', `± acc (sd over ${seeds.length} seeds)`, '± F1@25'];
  const lines = [head];
  const json: object[] = [];
  for (const { model, methods, times, chosen } of results) {
    for (const [method, bySeed] of methods) {
      const line = (video: string, f: Figures, spread: [string, string]) => [model.replace(/_tfjs_layers$/, ''), method, video, pct(f.frameAccuracy), pct(f.majorityBaseline), (f.frameAccuracy / f.majorityBaseline).toFixed(2), pct(f.macroF1), f.editScore.toFixed(1), f.f1At10.toFixed(1), f.f1At25.toFixed(1), f.f1At50.toFixed(1), ...spread];
      for (const id of videoIds) {
        const perSeed = [...bySeed.values()].map((videos) => videos.get(id)!).filter(Boolean);
        lines.push(line(id, average(perSeed), [pct(sd(perSeed.map((s) => s.frameAccuracy))), sd(perSeed.map((s) => s.f1At25)).toFixed(1)]));
      }
      // The mean over videos of each seed's run, then averaged over seeds.
      const seedMeans = [...bySeed.values()].map((videos) => summarizeSegmentation([...videos.values()]).mean);
      const mean = average(seedMeans);
      lines.push(line('mean', mean, [pct(sd(seedMeans.map((m) => m.frameAccuracy))), sd(seedMeans.map((m) => m.f1At25)).toFixed(1)]));
      json.push({ model, method, mean, seedMeans, perVideo: Object.fromEntries(videoIds.map((id) => [id, [...bySeed.values()].map((videos) => figuresOf(videos.get(id)!))])) });
      if (method === CHOSEN) {
        const ratio = mean.frameAccuracy / mean.majorityBaseline;
        if (ratio < GOAL_RATIO) console.log(`GOAL MISSED (${model}): accuracy ${ratio.toFixed(2)}× the majority baseline, goal ≥ ${GOAL_RATIO}×`);
        if (mean.f1At25 < GOAL_F1_AT_25) console.log(`GOAL MISSED (${model}): F1@25 ${mean.f1At25.toFixed(1)}, goal ≥ ${GOAL_F1_AT_25}`);
      }
    }
    const s = (values: number[]) => `${(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length) / 1000).toFixed(1)} s`;
    const counts = new Map<string, number>();
    for (const name of chosen) counts.set(name, (counts.get(name) ?? 0) + 1);
    console.log(`${model}: chosen by the runs: ${[...counts].map(([name, n]) => `${name} ×${n}`).join(', ')}`);
    console.log(`${model}: wall time per run (mean): extract ${s(times.extract)} (once per fold), train (embed + head + temporal choice + test evaluation) ${s(times.train)}, predict-video ${s(times.predict)}, decoding all candidates ${s(times.decode)}`);
  }
  const widths = head.map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  console.log(lines.map((l) => l.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n'));
  console.log(`mean: each run's mean over the ${videoIds.length} held-out videos, averaged over seeds; peak RSS of the benchmark process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  const outputFile = path.join(repoRoot, 'bench-output', 'real-footage.json');
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  fs.writeFileSync(outputFile, JSON.stringify({ seeds, rows: json, times: results.map((r) => ({ model: r.model, ...r.times })) }, null, 2) + '\n');
}

function figuresOf(s: Figures): Figures {
  return Object.fromEntries(FIGURES.map((k) => [k, s[k]])) as unknown as Figures;
}

function average(values: readonly Figures[]): Figures {
  return Object.fromEntries(FIGURES.map((k) => [k, values.reduce((sum, v) => sum + v[k], 0) / Math.max(1, values.length)])) as unknown as Figures;
}

function sd(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1));
}

function recipeName(recipe: TemporalRecipe): string {
  if (recipe.kind === 'smoothing') return `smoothing ${recipe.shareOfPhase * 100} % of a phase`;
  if (recipe.kind === 'hmm') return `hmm (weight ${recipe.emissionWeight})`;
  if (recipe.kind === 'tcn') return 'tcn';
  return 'frame only';
}

if (require.main === module) {
  runRealFootageBench().catch((error: unknown) => console.error(`BENCHMARK ERROR: ${error instanceof Error ? error.stack : String(error)}`));
}
