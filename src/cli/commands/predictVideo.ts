import { isAbortError } from '../../core/ffmpeg/abort';
import { evaluateVideo, type VideoEvaluation } from '../../core/predictions/evaluateVideo';
import { predictedAnnotationText, predictedVideoId } from '../../core/predictions/predictedFile';
import { truthSegments, type VideoTruth } from '../../core/predictions/truthSegments';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import type { BackendChoice, VideoPrediction } from '../../shared/workerProtocol';
import { predictionProgress, runWorkerJob } from '../workerJob';
import { readRegularFile } from '../../core/util/readRegularFile';
import { parseArgs, UsageError } from '../args';
import { runBackground } from '../../core/predictions/timelineEvaluation';
import {
  readRunTemporal,
  TEMPORAL_CHOICES,
  temporalForChoice,
  type RunTemporal,
  type TemporalChoice,
} from '../../core/temporal/runTemporalModel';
import type { TemporalModel } from '../../core/temporal/types';

export const PREDICT_VIDEO_USAGE =
  'Usage: surgery-classifier predict-video RUN VIDEO [--every S] [--temporal M] [--smooth K] ' +
  `[--annotations FILE --video-id ID] [--out FILE] [--json]

Runs a run's classifier on the frame every S seconds of a video, reads the frames with the run's
temporal model and prints the predicted segments.
  --every S              seconds between scored frames (default 2)
  --temporal M           run (default: the model the run chose on held-out videos), frame (frame only),
                         smoothing or hmm (the run's best of that kind), tcn (the run's network)
  --smooth K             with --temporal frame: average the scores over K frames before segmenting (default 1: none)
  --annotations FILE     with --video-id: also print frame accuracy, edit, F1@{10,25,50} and segment ` +
  `precision/recall/F1 (IoU ≥ 0.5)
  --video-id ID          the video's entry in FILE; also the videoId written by --out (default: the file name)
  --background CLASS     the class that is not a segment (default: the run's last class)
  --out FILE             write the predicted segments as an annotation file
  --backend B            auto|gpu|cpu-native|wasm|cpu (default auto)
  --json                 print frames, scores, segments and metrics as JSON`;

type Out = { stdout: (t: string) => void; stderr: (t: string) => void };

export async function runPredictVideo(argv: readonly string[], out: Out): Promise<number> {
  const { positionals, options } = parseArgs(argv, {
    every: 'value',
    temporal: 'value',
    smooth: 'value',
    annotations: 'value',
    'video-id': 'value',
    background: 'value',
    out: 'value',
    backend: 'value',
    json: 'flag',
    help: 'flag',
  });
  if (options.has('help')) {
    out.stdout(PREDICT_VIDEO_USAGE);
    return 0;
  }
  const text = (name: string) => options.get(name) as string | undefined;
  if (positionals.length !== 2) throw new UsageError('Give a run folder and one video.');
  const [runDir, video] = positionals;
  const every = Number(text('every') ?? 2);
  if (!(every > 0)) throw new UsageError('--every must be a number of seconds > 0.');
  const smooth = Number(text('smooth') ?? 1);
  if (!Number.isInteger(smooth) || smooth < 1) throw new UsageError('--smooth must be a whole number of frames ≥ 1.');
  const choice = (text('temporal') ?? (options.has('smooth') ? 'frame' : 'run')) as TemporalChoice;
  if (!TEMPORAL_CHOICES.includes(choice))
    throw new UsageError(`--temporal must be ${TEMPORAL_CHOICES.join(', ')}, not "${choice}".`);
  if (smooth > 1 && choice !== 'frame')
    throw new UsageError(
      "--smooth smooths frame-only predictions: use it with --temporal frame (or leave it out to use the run's " +
        'temporal model).',
    );
  const backend = (text('backend') ?? 'auto') as BackendChoice;
  if (!['auto', 'gpu', 'cpu-native', 'wasm', 'cpu'].includes(backend))
    throw new UsageError(`--backend must be auto, gpu, cpu-native, wasm or cpu, not "${backend}".`);
  const annotations = text('annotations');
  const videoId = text('video-id');
  if (annotations && !videoId)
    throw new UsageError('--annotations needs --video-id: which entry of the file is this video?');

  let truth: VideoTruth | undefined;
  if (annotations) {
    let annotationText: string;
    try {
      annotationText = await readRegularFile(annotations);
    } catch (error) {
      out.stderr(`surgery-classifier predict-video: ${(error as Error).message}`);
      return 2;
    }
    truth = truthSegments(annotationText, videoId!);
    if (!truth) {
      out.stderr(`surgery-classifier predict-video: ${annotations} has no entry with videoId ${videoId}.`);
      return 2;
    }
  }

  let temporal: { model: TemporalModel; name: string } | undefined;
  let runTemporal: RunTemporal | undefined;
  try {
    runTemporal = await readRunTemporal(runDir);
    temporal = temporalForChoice(runTemporal, choice);
  } catch (error) {
    out.stderr(`surgery-classifier predict-video: ${(error as Error).message}`);
    return 2;
  }
  if (!temporal)
    throw new UsageError(
      `--temporal ${choice}: ${runDir} has no phase statistics to build it from (train the run again). Use ` +
        '--temporal run or frame.',
    );

  // Ctrl+C stops ffmpeg and scoring; the temp frames are removed by predictVideo.
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  let prediction: VideoPrediction;
  try {
    const job = { runDir, video, everySeconds: every, backend, ffmpegPath: '', ffprobePath: '' };
    prediction = await runWorkerJob(
      { type: 'predict-video' as const, job },
      { signal: controller.signal, onMessage: predictionProgress(out.stderr, 'scored frames') },
    );
  } catch (error) {
    if (isAbortError(error)) {
      out.stderr('Cancelled.');
      return 130;
    }
    out.stderr(`surgery-classifier predict-video: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    process.off('SIGINT', onSignal);
  }

  const background = text('background') ?? runBackground(prediction.classes, runTemporal);
  if (background && !prediction.classes.includes(background))
    throw new UsageError(`--background ${background} is not a class of this run (${prediction.classes.join(', ')}).`);
  const unknown = [...new Set(truth?.segments.map((s) => s.label).filter((l) => !prediction.classes.includes(l)))];
  if (unknown.length) out.stderr(`warning: the annotations use labels the run does not know: ${unknown.join(', ')}.`);
  const evaluation = evaluateVideo(prediction, {
    background: background || undefined,
    step: every,
    durationSeconds: prediction.durationSeconds,
    truth: truth?.segments,
    smoothing: smooth > 1 ? { kind: 'mean', window: smooth } : undefined,
    temporal: temporal.model.kind === 'frame' ? undefined : temporal.model,
  });

  const outFile = text('out');
  if (outFile) {
    const id = predictedVideoId(video, truth?.videoId ?? videoId);
    await writeFileAtomic(
      outFile,
      predictedAnnotationText({
        outFile,
        video,
        videoId: id,
        durationSeconds: prediction.durationSeconds,
        segments: evaluation.segments,
      }),
    );
  }
  out.stdout(
    options.has('json')
      ? JSON.stringify({ ...prediction, background, temporalModel: temporal.name, ...evaluation }, null, 2)
      : formatText(prediction, evaluation, { every, smooth, annotations, videoId, outFile, temporal: temporal.name }),
  );
  return 0;
}

function formatText(
  prediction: VideoPrediction,
  evaluation: VideoEvaluation,
  context: {
    every: number;
    smooth: number;
    annotations?: string;
    videoId?: string;
    outFile?: string;
    temporal: string;
  },
): string {
  const lines = [
    `${prediction.times.length} frames, one every ${context.every} ` +
      `s${context.smooth > 1 ? `, scores averaged over ${context.smooth} frames` : ''}, read with ` +
      `${context.temporal}, backend ${prediction.backend}.`,
  ];
  lines.push(evaluation.segments.length ? 'Predicted segments:' : 'No segments predicted.');
  for (const s of evaluation.segments)
    lines.push(
      `  ${s.label}  ${s.start.toFixed(3)}–${s.end.toFixed(3)} s  (${s.frames} frames, mean score ` +
        `${s.meanScore.toFixed(3)})`,
    );
  const m = evaluation.segmentMetrics;
  if (m && evaluation.frameAccuracy !== undefined) {
    const f = evaluation.metrics;
    if (f)
      lines.push(
        `Against ${context.annotations} (videoId ${context.videoId}): frame accuracy ` +
          `${(f.frameAccuracy * 100).toFixed(1)} %, edit ${f.editScore.toFixed(1)}, F1@10 ` +
          `${f.f1At10.toFixed(1)}, F1@25 ${f.f1At25.toFixed(1)}, F1@50 ${f.f1At50.toFixed(1)}.`,
      );
    lines.push(
      `Segments at IoU ≥ ${m.iouThreshold}: precision ${m.precision.toFixed(3)}, recall ` +
        `${m.recall.toFixed(3)}, F1 ${m.f1.toFixed(3)} (${m.matched} matched, ${m.predicted} predicted, ` +
        `${m.truth} true).`,
    );
  }
  if (context.outFile) lines.push(`Wrote ${context.outFile}.`);
  return lines.join('\n');
}
