import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeAnnotations } from '../annotations/analyze';
import { resolveVideoPath } from '../annotations/videoLocation';
import { chooseStrategy } from '../ffmpeg/chooseStrategy';
import { grabFrames } from '../ffmpeg/grabFrames';
import { removeTemporaryFiles } from '../ffmpeg/atomicFiles';
import { isCompleteJpeg } from '../ffmpeg/jpegFile';
import { probeVideo } from '../ffmpeg/probeVideo';
import { VideoError, type FfmpegTools, type FrameRequest } from '../ffmpeg/types';
import { writeFileAtomic } from '../util/atomicWrite';
import { createPool } from '../util/concurrencyPool';
import type { ExtractionSettings } from './extractionSettings';
import { settingsProblems } from './extractionSettings';
import { planFrames, type PlannedFrame, type PlannedVideo, type SkipReason } from './framePlan';
import { containedPath } from './framePaths';
import { duplicateFramesWarning } from './frameRateWarning';
import { prepareFrameFolders, UnsafeFolderError } from './realFolders';
import { removeStaleFrames } from './staleFrames';
import { compareRows, countRows, toCsv, toJsonLines, type ClassCounts, type ManifestRow } from './manifest';
import { byKey, datasetFileNames, type Shard } from './shards';
import { sha256Hex } from './stableHash';

export interface ExtractionInput {
  readonly annotationsFile: string;
  /** The file's text as the user sees it (an editor's unsaved text, or the file on disk). */
  readonly annotationsText: string;
  /** Folder of the videos, relative to the annotation file's folder or absolute; '' = that folder. */
  readonly videosFolder: string;
  readonly videoFileName: string;
  readonly outDir: string;
  readonly settings: ExtractionSettings;
  readonly tools: FfmpegTools;
  /** ffmpeg processes at once, over all videos. */
  readonly concurrency: number;
  readonly shard?: Shard;
  /** The most frames a plan may hold (default DEFAULT_MAX_FRAMES); a larger one is refused before it starts. */
  readonly maxFrames?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ExtractionProgress) => void;
  readonly log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface ExtractionProgress {
  readonly videosDone: number;
  readonly videosTotal: number;
  readonly framesDone: number;
  readonly framesTotal: number;
  /** Frames written per second so far (frames already on disk from an earlier run are not counted). */
  readonly framesPerSecond: number;
  readonly etaSeconds: number | undefined;
}

export interface VideoFailure {
  readonly videoId: string | number;
  readonly file: string | undefined;
  readonly message: string;
}

export interface ExtractionSummary {
  readonly outDir: string;
  readonly classes: readonly string[];
  readonly counts: ClassCounts;
  readonly framesWritten: number;
  readonly framesReused: number;
  readonly skipped: Record<SkipReason | 'past-video-end', number>;
  readonly excludedVideos: ReadonlyArray<{ entryIndex: number; videoId?: string | number; reason: string }>;
  readonly failures: readonly VideoFailure[];
  readonly seconds: number;
  /** Frames the previous manifest of this folder listed and the new plan does not: deleted. */
  readonly staleFramesRemoved: number;
  readonly warnings: readonly string[];
  readonly manifestFile: string;
}

/** Why an extraction cannot start at all (bad settings, unreadable annotations). */
export class ExtractionError extends Error {}

/**
 * Annotations → labelled JPEGs + manifest. Plans every frame first, then reads each video once with
 * the fastest exact strategy, reusing frames an earlier (interrupted) run completed; a video that
 * fails is reported and the others finish. Cancelling leaves only complete files and no manifest.
 */
export async function extractDataset(input: ExtractionInput): Promise<ExtractionSummary> {
  const started = Date.now();
  const log = input.log ?? (() => undefined);
  const problems = settingsProblems(input.settings);
  if (problems.length) throw new ExtractionError(problems.join(' '));
  const model = analyzeAnnotations(input.annotationsText).model;
  if (!model)
    throw new ExtractionError(
      `${input.annotationsFile} is not an annotation file: its top level must be an array of video entries.`,
    );
  const plan = planFrames(model, input.settings, { maxFrames: input.maxFrames });
  const videos = input.shard
    ? plan.videos.filter((_, index) => index % input.shard!.count === input.shard!.index - 1)
    : plan.videos;
  const annotationDir = path.dirname(path.resolve(input.annotationsFile));
  const outDir = path.resolve(input.outDir);
  await fs.promises.mkdir(outDir, { recursive: true });
  // Temp files of a run that was killed (SIGKILL, power loss) are never valid: remove them before resuming.
  await removeTemporaryFiles(outDir);
  try {
    await prepareFrameFolders(
      outDir,
      videos.flatMap((video) => video.frames.map((frame) => frame.path)),
    );
  } catch (error) {
    throw error instanceof UnsafeFolderError ? new ExtractionError(error.message) : error;
  }

  const framesTotal = videos.reduce((sum, video) => sum + video.frames.length, 0);
  let framesDone = 0;
  let framesWritten = 0;
  let framesReused = 0;
  let videosDone = 0;
  let lastReport = 0;
  const report = (force = false): void => {
    const now = Date.now();
    if (!input.onProgress || (!force && now - lastReport < 250)) return;
    lastReport = now;
    const elapsed = (now - started) / 1000;
    const framesPerSecond = elapsed > 0 ? framesWritten / elapsed : 0;
    const remaining = framesTotal - framesDone;
    input.onProgress({
      videosDone,
      videosTotal: videos.length,
      framesDone,
      framesTotal,
      framesPerSecond,
      etaSeconds: framesPerSecond > 0 ? remaining / framesPerSecond : undefined,
    });
  };

  const runSlot = createPool(Math.max(1, input.concurrency));
  const failures: VideoFailure[] = [];
  const warnings: string[] = [];
  const rows: ManifestRow[] = [];
  let pastEnd = 0;
  const lookup = {
    annotationDir,
    folder: input.videosFolder,
    fileNamePattern: input.videoFileName,
    exists: fs.existsSync,
  };

  const extractVideo = async (video: PlannedVideo): Promise<void> => {
    const file = resolveVideoPath(video.entry, lookup);
    try {
      if (!file || !fs.existsSync(file)) {
        throw new VideoError(
          file ?? '',
          `Video ${JSON.stringify(video.videoId)} not found${file ? `: ${file}` : ''}. Set "video" in its ` +
            'entry, or the videos folder and file name.',
        );
      }
      const probe = await runSlot(() => probeVideo(input.tools, file, input.signal));
      const duplicates = duplicateFramesWarning(video.videoId, input.settings.step, probe);
      if (duplicates) {
        log('info', duplicates);
        warnings.push(duplicates);
      }
      // Times past the video's last frame (durationSeconds longer than the file) cannot be read.
      const lastFrame = probe.framePts[probe.framePts.length - 1] ?? 0;
      const frames = video.frames.filter((frame) => frame.time <= lastFrame);
      if (frames.length < video.frames.length) {
        pastEnd += video.frames.length - frames.length;
        log(
          'warn',
          `Video ${video.videoId}: ${video.frames.length - frames.length} frame(s) lie after its last frame ` +
            `(${lastFrame.toFixed(3)} s; durationSeconds says ${video.duration}).`,
        );
        framesDone += video.frames.length - frames.length;
      }
      const pending: FrameRequest[] = [];
      for (const frame of frames) {
        const target = containedPath(outDir, frame.path);
        if (await isCompleteJpeg(target)) {
          framesReused++;
          framesDone++;
        } else {
          pending.push({ time: frame.time, target });
        }
      }
      report();
      if (pending.length) {
        const strategy = chooseStrategy(
          probe,
          pending.map((request) => request.time),
          Math.max(1, input.concurrency),
        );
        const how =
          strategy.kind === 'select'
            ? `select in ${strategy.chunks} chunk(s)`
            : `seek (${strategy.seeksPerProcess} per process)`;
        log(
          'info',
          `Video ${video.videoId}: ${pending.length} frame(s) to write (${frames.length - pending.length} ` +
            `already done), strategy ${how}, keyframe every ${probe.keyframeInterval.toFixed(2)} s.`,
        );
        await grabFrames(input.tools, file, probe, pending, strategy, {
          jpegQuality: input.settings.jpegQuality,
          shortSide: input.settings.shortSide || undefined,
          signal: input.signal,
          runSlot,
          onFrame: () => {
            framesWritten++;
            framesDone++;
            report();
          },
        });
      }
      rows.push(...frames.map((frame) => toRow(frame, video, file, annotationDir)));
    } catch (error) {
      if (isAbort(error, input.signal)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ videoId: video.videoId, file, message });
      log('error', `Video ${video.videoId} failed: ${message}`);
      framesDone += video.frames.length;
    } finally {
      videosDone++;
      report(true);
    }
  };

  const results = await Promise.allSettled(videos.map(extractVideo));
  const aborted = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (aborted) throw aborted.reason;

  rows.sort(compareRows);
  const counts = countRows(rows, plan.classes);
  const names = datasetFileNames(input.shard);
  const annotationsHash = sha256Hex(input.annotationsText);
  const dataset = {
    format: 'surgery-classifier-dataset',
    version: 1,
    annotations: { file: path.basename(input.annotationsFile), sha256: annotationsHash },
    settings: input.settings,
    videos: { folder: input.videosFolder, fileName: input.videoFileName },
    ffmpeg: input.tools.ffmpegVersion,
    shard: input.shard ?? null,
    classes: plan.classes,
    splits: Object.fromEntries(
      ['train', 'validation', 'test'].map((split) => [
        split,
        videos
          .filter((v) => v.split === split && !failures.some((f) => f.videoId === v.videoId))
          .map((v) => v.videoId)
          .sort(byKey),
      ]),
    ),
    counts,
    skipped: { ...plan.skipped, 'past-video-end': pastEnd },
    excludedVideos: plan.excludedVideos,
    failedVideos: [...failures]
      .sort((a, b) => byKey(a.videoId, b.videoId))
      .map((f) => ({ videoId: f.videoId, message: f.message })),
  };
  const staleRemoved = await removeStaleFrames(
    outDir,
    path.join(outDir, names.manifest),
    new Set(videos.flatMap((v) => v.frames.map((f) => f.path))),
  );
  if (staleRemoved)
    log('info', `Removed ${staleRemoved} frame(s) of the previous extraction that the new plan does not hold.`);
  await writeFileAtomic(path.join(outDir, names.manifest), toJsonLines(rows));
  if (names.csv) await writeFileAtomic(path.join(outDir, names.csv), toCsv(rows));
  await writeFileAtomic(path.join(outDir, names.dataset), JSON.stringify(dataset, null, 2) + '\n');
  return {
    outDir,
    classes: plan.classes,
    counts,
    framesWritten,
    framesReused,
    skipped: dataset.skipped,
    excludedVideos: plan.excludedVideos,
    failures,
    seconds: (Date.now() - started) / 1000,
    staleFramesRemoved: staleRemoved,
    warnings: [...warnings, ...balanceWarnings(counts, plan.classes)],
    manifestFile: path.join(outDir, names.manifest),
  };
}

function toRow(frame: PlannedFrame, video: PlannedVideo, file: string, annotationDir: string): ManifestRow {
  const relative = path.relative(annotationDir, file);
  const videoPath = relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
  return {
    video: videoPath,
    videoId: video.videoId,
    time: frame.time,
    class: frame.className,
    split: frame.split,
    path: frame.path,
    annotation: frame.segment,
  };
}

/** Warnings a user should see before training: tiny classes, strong imbalance. */
export function balanceWarnings(counts: ClassCounts, classes: readonly string[]): string[] {
  const warnings: string[] = [];
  const totals = classes.map((c) => ({
    c,
    n: Object.values(counts).reduce((sum, perClass) => sum + (perClass[c] ?? 0), 0),
  }));
  for (const { c, n } of totals)
    if (n < 20)
      warnings.push(
        `Class "${c}" has only ${n} frame(s): too few to learn from. Use a smaller step or more annotations.`,
      );
  const sizes = totals.map((t) => t.n).filter((n) => n > 0);
  if (sizes.length > 1 && Math.max(...sizes) > 10 * Math.min(...sizes)) {
    warnings.push(
      `Classes are badly imbalanced (${totals.map((t) => `${t.c} ${t.n}`).join(', ')}). Set a per-class cap, ` +
        'or rely on class weighting in training.',
    );
  }
  const splitTotal = (split: string): number => Object.values(counts[split] ?? {}).reduce((a, b) => a + b, 0);
  const emptySplits = ['validation', 'test'].filter((split) => splitTotal(split) === 0);
  if (emptySplits.length && totals.some((t) => t.n > 0)) {
    warnings.push(
      `The ${emptySplits.join(' and ')} split${emptySplits.length > 1 ? 's are' : ' is'} empty: too few videos ` +
        `for the split shares. Add videos, change the split, or pin videos to ${emptySplits.join(' / ')}.`,
    );
  }
  for (const split of ['validation', 'test'].filter((s) => !emptySplits.includes(s))) {
    const missing = classes.filter((c) => !(counts[split]?.[c] > 0));
    if (missing.length)
      warnings.push(
        `The ${split} split has no frame of ${missing.map((c) => `"${c}"`).join(', ')}: its evaluation will be ` +
          `incomplete. Pin a video with that class to ${split}, or add videos.`,
      );
  }
  return warnings;
}

const isAbort = (error: unknown, signal: AbortSignal | undefined): boolean =>
  (error instanceof Error && error.name === 'AbortError') || !!signal?.aborted;
