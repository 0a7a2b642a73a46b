import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeAnnotations } from '../../core/annotations/analyze';
import { resolveVideoPath } from '../../core/annotations/videoLocation';
import { isAbortError } from '../../core/ffmpeg/abort';
import { relaxedBoundaryScores } from '../../core/metrics/segmentation';
import { labelAt } from '../../core/predictions/frameAccuracy';
import { runBackground } from '../../core/predictions/timelineEvaluation';
import { truthSegments } from '../../core/predictions/truthSegments';
import { applyTemporalModel, windowFrames } from '../../core/temporal/applyTemporalModel';
import { evaluateVideos, type LabelledVideo, type VideosEvaluation } from '../../core/temporal/evaluateVideos';
import {
  readRunTemporal,
  TEMPORAL_CHOICES,
  temporalForChoice,
  type TemporalChoice,
} from '../../core/temporal/runTemporalModel';
import type { BackendChoice } from '../../shared/workerProtocol';
import { readRegularFile } from '../../core/util/readRegularFile';
import { parseArgs, UsageError } from '../args';
import { predictionProgress, runWorkerJob } from '../workerJob';

export const EVALUATE_USAGE =
  'Usage: surgery-classifier evaluate RUN --annotations FILE --videos DIR [--every S] [--temporal M] ' +
  `[--relaxed S] [--json]

Runs a run's classifier over every annotated video found in DIR and prints, per video and as the
mean over videos (and pooled over all frames), frame accuracy beside the majority-class baseline,
macro-F1, edit and F1@{10,25,50}, for frame-only predictions and for the run's temporal model.
  --annotations FILE     the ground truth (our annotation format)
  --videos DIR           folder of the videos (an entry's "video" file name is looked for there, else {videoId}.mp4)
  --video-file-name PAT  file name of a video, with {videoId} (default {videoId}.mp4)
  --every S              seconds between scored frames (default 2)
  --temporal M           run (default), frame, smoothing, hmm or tcn, as predict-video
  --relaxed S            also Cholec80's relaxed-boundary accuracy: the neighbouring phase is accepted within S s ` +
  `of a boundary
  --phase-order a,b,...  the phase order for --relaxed (default: the order labels first appear in FILE)
  --cholec80-cases       with --relaxed: also Evaluate.m's extra tolerances of Cholec80's phases 4-7
  --backend B            auto|gpu|cpu-native|wasm|cpu (default auto)
  --json                 print the figures as JSON

Exit status 0, 1 when a video could not be read (the others are still evaluated), 2 usage or I/O error, ` +
  '130 interrupted.';

type Out = { stdout: (t: string) => void; stderr: (t: string) => void };

interface VideoToEvaluate {
  readonly videoId: string;
  readonly file: string;
}

export async function runEvaluate(argv: readonly string[], out: Out): Promise<number> {
  const { positionals, options } = parseArgs(argv, {
    annotations: 'value',
    videos: 'value',
    'video-file-name': 'value',
    every: 'value',
    temporal: 'value',
    relaxed: 'value',
    'phase-order': 'value',
    'cholec80-cases': 'flag',
    backend: 'value',
    json: 'flag',
    help: 'flag',
  });
  if (options.has('help')) {
    out.stdout(EVALUATE_USAGE);
    return 0;
  }
  const text = (name: string) => (typeof options.get(name) === 'string' ? (options.get(name) as string) : undefined);
  if (positionals.length !== 1) throw new UsageError('Give one run folder.');
  const runDir = positionals[0];
  const annotations = text('annotations');
  const videosDir = text('videos');
  if (!annotations || !videosDir) throw new UsageError('--annotations FILE and --videos DIR are required.');
  const every = Number(text('every') ?? 2);
  if (!(every > 0)) throw new UsageError('--every must be a number of seconds > 0.');
  const relaxed = text('relaxed') === undefined ? undefined : Number(text('relaxed'));
  if (relaxed !== undefined && !(relaxed >= 0)) throw new UsageError('--relaxed must be a number of seconds ≥ 0.');
  const choice = (text('temporal') ?? 'run') as TemporalChoice;
  if (!TEMPORAL_CHOICES.includes(choice))
    throw new UsageError(`--temporal must be ${TEMPORAL_CHOICES.join(', ')}, not "${choice}".`);
  const backend = (text('backend') ?? 'auto') as BackendChoice;
  if (!['auto', 'gpu', 'cpu-native', 'wasm', 'cpu'].includes(backend))
    throw new UsageError(`--backend must be auto, gpu, cpu-native, wasm or cpu, not "${backend}".`);

  let annotationText: string;
  let runTemporal;
  try {
    annotationText = await readRegularFile(annotations);
    runTemporal = await readRunTemporal(runDir);
  } catch (error) {
    out.stderr(`surgery-classifier evaluate: ${(error as Error).message}`);
    return 2;
  }
  const temporal = temporalForChoice(runTemporal, choice);
  if (!temporal)
    throw new UsageError(
      `--temporal ${choice}: ${runDir} has no phase statistics to build it from (train the run again). Use ` +
        '--temporal run or frame.',
    );
  const { videos, missing } = videosOf(
    annotationText,
    path.dirname(path.resolve(annotations)),
    videosDir,
    text('video-file-name') ?? '{videoId}.mp4',
  );
  for (const m of missing) out.stderr(`warning: ${m}`);
  if (!videos.length) {
    out.stderr(`surgery-classifier evaluate: no video of ${annotations} was found in ${videosDir}.`);
    return 2;
  }

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  const labelled: LabelledVideo[] = [];
  const failed: string[] = [];
  let classes: readonly string[] = [];
  try {
    for (const [k, video] of videos.entries()) {
      out.stderr(`[${k + 1}/${videos.length}] ${video.videoId}: scoring a frame every ${every} s of ${video.file}`);
      try {
        const job = { runDir, video: video.file, everySeconds: every, backend, ffmpegPath: '', ffprobePath: '' };
        const prediction = await runWorkerJob(
          { type: 'predict-video' as const, job },
          { signal: controller.signal, onMessage: predictionProgress(out.stderr, '  scored frames') },
        );
        classes = prediction.classes;
        const truth = truthSegments(annotationText, video.videoId)!;
        const background = runBackground(prediction.classes, runTemporal);
        labelled.push({
          videoId: video.videoId,
          predictions: prediction,
          stepSeconds: every,
          truth: prediction.times.map((t) => labelAt(t, truth.segments, background || '(none)')),
        });
      } catch (error) {
        if (isAbortError(error)) throw error;
        failed.push(video.videoId);
        out.stderr(
          `surgery-classifier evaluate: ${video.videoId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  } catch (error) {
    if (isAbortError(error)) {
      out.stderr('Cancelled.');
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
  }
  if (!labelled.length) return 1;
  const background = runBackground(classes, runTemporal);
  const result = evaluateVideos(labelled, temporal.model, background ? [background] : []);
  const phaseOrder =
    text('phase-order')
      ?.split(',')
      .map((p) => p.trim())
      .filter(Boolean) ?? labelOrder(annotationText);
  const relaxedFigures =
    relaxed === undefined
      ? undefined
      : relaxedFiguresOf(labelled, temporal.model, {
          seconds: relaxed,
          phaseOrder,
          cholec80Cases: options.has('cholec80-cases'),
        });
  if (options.has('json')) {
    out.stdout(
      JSON.stringify(
        {
          run: runDir,
          temporalModel: temporal.name,
          everySeconds: every,
          aggregation: {
            mean: "mean over videos of each video's figure",
            pooled: 'ms-tcn eval.py: accuracy over all frames, F1 from summed counts, edit averaged over videos',
          },
          ...result,
          ...(relaxedFigures ? { relaxed: relaxedFigures } : {}),
          failed,
        },
        null,
        2,
      ),
    );
  } else {
    out.stdout(formatTable(result, temporal.name, relaxedFigures));
  }
  return failed.length ? 1 : 0;
}

/** Every entry with a readable time span whose video file is in the folder; the others are named. */
function videosOf(
  text: string,
  annotationDir: string,
  videosDir: string,
  pattern: string,
): { videos: VideoToEvaluate[]; missing: string[] } {
  const model = analyzeAnnotations(text, { reportSchema: false }).model;
  const folder = path.resolve(annotationDir, videosDir);
  const videos: VideoToEvaluate[] = [];
  const missing: string[] = [];
  for (const entry of model?.entries ?? []) {
    if (entry.videoId === undefined) continue;
    const id = String(entry.videoId.value);
    // The entry's file name in DIR first (a basename: it cannot leave DIR), then DIR + pattern, then the entry's own
    // path.
    const lookup = { annotationDir, folder, fileNamePattern: pattern, exists: () => true };
    const candidates = [
      entry.video && path.join(folder, path.basename(entry.video.value)),
      resolveVideoPath({ ...entry, video: undefined }, lookup),
      resolveVideoPath(entry, lookup),
    ].filter((c): c is string => !!c);
    const file = candidates.find((c) => fs.existsSync(c));
    if (file) videos.push({ videoId: id, file });
    else missing.push(`no video file for ${id} (looked for ${[...new Set(candidates)].join(', ')}); it is left out.`);
  }
  return { videos, missing };
}

function labelOrder(text: string): string[] {
  const model = analyzeAnnotations(text, { reportSchema: false }).model;
  const order: string[] = [];
  for (const entry of model?.entries ?? [])
    for (const s of [...entry.segments].sort((a, b) => (a.start?.value ?? 0) - (b.start?.value ?? 0)))
      if (s.label?.value && !order.includes(s.label.value)) order.push(s.label.value);
  return order;
}

interface RelaxedFigures {
  readonly windowSeconds: number;
  readonly phaseOrder: readonly string[];
  /** Relaxed frame accuracy (0–1) and the mean over present phases of the relaxed Jaccard (0–1), per video. */
  readonly perVideo: Record<string, { readonly frameAccuracy: number; readonly jaccard: number }>;
  /** Means over videos. */
  readonly frameAccuracy: number;
  readonly jaccard: number;
}

/** Cholec80's relaxed-boundary figures of the temporal model's reading (Evaluate.m: per video, then averaged). */
function relaxedFiguresOf(
  videos: readonly LabelledVideo[],
  model: Parameters<typeof applyTemporalModel>[1],
  options: { seconds: number; phaseOrder: readonly string[]; cholec80Cases: boolean },
): RelaxedFigures {
  const perVideo: Record<string, { frameAccuracy: number; jaccard: number }> = {};
  for (const video of videos) {
    const decoded = applyTemporalModel(video.predictions, model, video.stepSeconds);
    const predicted = decoded.classes.map((c) => video.predictions.classes[c]);
    const scores = relaxedBoundaryScores(video.truth, predicted, {
      phaseOrder: options.phaseOrder,
      windowFrames: windowFrames(options.seconds, video.stepSeconds),
      cholec80Cases: options.cholec80Cases,
    });
    perVideo[video.videoId] = {
      frameAccuracy: scores.frameAccuracy,
      jaccard: average(Object.values(scores.perClass).map((c) => c.jaccard)),
    };
  }
  const values = Object.values(perVideo);
  return {
    windowSeconds: options.seconds,
    phaseOrder: options.phaseOrder,
    perVideo,
    frameAccuracy: average(values.map((v) => v.frameAccuracy)),
    jaccard: average(values.map((v) => v.jaccard)),
  };
}

const average = (values: readonly number[]): number =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

function formatTable(result: VideosEvaluation, temporalName: string, relaxed: RelaxedFigures | undefined): string {
  const head = ['video', 'method', 'frames', 'acc %', 'majority %', 'macro-F1 %', 'edit', 'F1@10', 'F1@25', 'F1@50'];
  if (relaxed) head.push(`relaxed acc % (${relaxed.windowSeconds} s)`, 'relaxed Jaccard %');
  const pct = (v: number) => (v * 100).toFixed(1);
  const one = (v: number) => v.toFixed(1);
  const rows: string[][] = [head];
  for (const video of result.perVideo) {
    for (const [method, f] of [
      ['frame only', video.frameOnly],
      [temporalName, video.temporal],
    ] as const) {
      const row = [
        video.videoId,
        method,
        String(f.frames),
        pct(f.frameAccuracy),
        pct(f.majorityBaseline),
        pct(f.macroF1),
        one(f.editScore),
        one(f.f1At10),
        one(f.f1At25),
        one(f.f1At50),
      ];
      const r = relaxed?.perVideo[video.videoId];
      if (relaxed)
        row.push(
          r && method === temporalName ? pct(r.frameAccuracy) : '',
          r && method === temporalName ? pct(r.jaccard) : '',
        );
      rows.push(row);
    }
  }
  for (const [method, s] of [
    ['frame only', result.frameOnly],
    [temporalName, result.temporal],
  ] as const) {
    const row = [
      'mean',
      method,
      '',
      pct(s.mean.frameAccuracy),
      pct(s.mean.majorityBaseline),
      pct(s.mean.macroF1),
      one(s.mean.editScore),
      one(s.mean.f1At10),
      one(s.mean.f1At25),
      one(s.mean.f1At50),
    ];
    if (relaxed)
      row.push(
        method === temporalName ? pct(relaxed.frameAccuracy) : '',
        method === temporalName ? pct(relaxed.jaccard) : '',
      );
    rows.push(row);
    rows.push([
      'pooled',
      method,
      '',
      pct(s.pooled.frameAccuracy),
      '',
      '',
      one(s.pooled.editScore),
      one(s.pooled.f1At10),
      one(s.pooled.f1At25),
      one(s.pooled.f1At50),
      ...(relaxed ? ['', ''] : []),
    ]);
  }
  const widths = head.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const table = rows
    .map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n');
  return (
    `${table}\n\nmean: each video's figure averaged over ${result.perVideo.length} video(s); pooled: as ms-tcn ` +
    'eval.py (accuracy over all frames, F1 from counts summed over videos, edit averaged).'
  );
}
