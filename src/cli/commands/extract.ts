import * as os from 'node:os';
import { locateFfmpegTools } from '../../core/ffmpeg/locateTools';
import {
  DEFAULT_EXTRACTION_SETTINGS,
  parseSplit,
  SPLITS,
  type ExtractionSettings,
  type SplitName,
} from '../../core/frames/extractionSettings';
import { extractDataset, ExtractionError, type ExtractionSummary } from '../../core/frames/extractDataset';
import { DEFAULT_MAX_FRAMES, PlanError } from '../../core/frames/framePlan';
import { parseShard } from '../../core/frames/shards';
import { stripBom } from '../../core/text/lineIndex';
import { readRegularFileSync } from '../../core/util/readRegularFile';
import { parseArgs, UsageError } from '../args';
import { formatSummary } from '../../core/frames/formatSummary';

export const EXTRACT_USAGE = `Usage: surgery-classifier extract ANNOTATIONS --videos DIR --out DIR [options]

Extracts labelled frames: <out>/<split>/<class>/<videoId>-<t>.jpg, manifest.jsonl, manifest.csv, dataset.json.
A rerun resumes: frames already complete are kept.

Options:
  --videos DIR            folder of the videos (relative to the annotation file, or absolute)
  --video-file-name PAT   file name of a video, with {videoId} (default {videoId}.mp4); an entry's "video" wins
  --out DIR               output folder
  --step S                seconds between frames (default 4)
  --offset S              time of the first frame (default 0)
  --labels a,b            labels that become classes (default: all)
  --background NAME       class of frames in no segment (default not-<label>, or background)
  --margin S              skip frames closer than S seconds to a segment edge (default 0)
  --cap N                 at most N frames per class (default: no cap)
  --split T/V/T           train/validation/test shares by video (default 80/10/10)
  --seed TEXT             seed of the split and the cap (default surgery-classifier)
  --pin ID=SPLIT,...      put videos in a split, e.g. 5=test,7=validation
  --quality Q             JPEG quality 1-100 (default 90)
  --short-side PX         resize so that the shorter side is PX pixels (default: keep)
  --concurrency N         ffmpeg processes at once (default: CPU cores)
  --max-frames N          refuse a plan of more than N frames before writing any (default 500000)
  --shard I/N             process the I-th of N deterministic subsets of the videos (then: merge-manifests)
  --ffmpeg PATH, --ffprobe PATH   the binaries to use
  --json                  print the summary as JSON

Exit status: 0 done, 1 some videos failed, 2 usage or I/O error, 130 interrupted.`;

interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runExtract(argv: readonly string[], out: Output): Promise<number> {
  const { positionals, options } = parseArgs(argv, {
    videos: 'value',
    'video-file-name': 'value',
    out: 'value',
    step: 'value',
    offset: 'value',
    labels: 'value',
    background: 'value',
    margin: 'value',
    cap: 'value',
    split: 'value',
    seed: 'value',
    pin: 'value',
    quality: 'value',
    'short-side': 'value',
    concurrency: 'value',
    'max-frames': 'value',
    shard: 'value',
    ffmpeg: 'value',
    ffprobe: 'value',
    json: 'flag',
    help: 'flag',
  });
  if (options.has('help')) {
    out.stdout(EXTRACT_USAGE);
    return 0;
  }
  const text = (name: string): string | undefined =>
    typeof options.get(name) === 'string' ? (options.get(name) as string) : undefined;
  const number = (name: string, fallback: number): number => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, not "${raw}".`);
    return value;
  };
  if (positionals.length !== 1) throw new UsageError('Give exactly one annotation file.');
  const outDir = text('out');
  if (!outDir) throw new UsageError('--out DIR is required.');
  const videoFileName = text('video-file-name') ?? '{videoId}.mp4';
  if (!videoFileName.includes('{videoId}')) throw new UsageError('--video-file-name must contain {videoId}.');
  let settings: ExtractionSettings;
  let shard;
  try {
    settings = {
      ...DEFAULT_EXTRACTION_SETTINGS,
      step: number('step', DEFAULT_EXTRACTION_SETTINGS.step),
      offset: number('offset', DEFAULT_EXTRACTION_SETTINGS.offset),
      labels:
        text('labels')
          ?.split(',')
          .map((l) => l.trim())
          .filter(Boolean) ?? [],
      backgroundClass: text('background') ?? '',
      margin: number('margin', 0),
      perClassCap: number('cap', 0),
      split: text('split') ? parseSplit(text('split')!) : DEFAULT_EXTRACTION_SETTINGS.split,
      seed: text('seed') ?? DEFAULT_EXTRACTION_SETTINGS.seed,
      pins: parsePins(text('pin')),
      jpegQuality: number('quality', DEFAULT_EXTRACTION_SETTINGS.jpegQuality),
      shortSide: number('short-side', 0),
    };
    shard = text('shard') ? parseShard(text('shard')!) : undefined;
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
  const annotationsFile = positionals[0];
  let annotationsText: string;
  try {
    annotationsText = stripBom(readRegularFileSync(annotationsFile));
  } catch (error) {
    out.stderr(`surgery-classifier extract: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }

  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const tools = await locateFfmpegTools({ ffmpegPath: text('ffmpeg'), ffprobePath: text('ffprobe') });
    out.stderr(`ffmpeg: ${tools.ffmpeg} (${tools.ffmpegSource}) ${tools.ffmpegVersion}`);
    let lastLine = 0;
    const summary: ExtractionSummary = await extractDataset({
      annotationsFile,
      annotationsText,
      videosFolder: text('videos') ?? '',
      videoFileName,
      outDir,
      settings,
      tools,
      concurrency: Math.max(1, Math.floor(number('concurrency', os.availableParallelism()))),
      shard,
      maxFrames: maxFrames(number('max-frames', DEFAULT_MAX_FRAMES)),
      signal: controller.signal,
      log: (level, message) => level !== 'info' && out.stderr(`${level}: ${message}`),
      onProgress: (p) => {
        if (Date.now() - lastLine < 1000 && p.framesDone < p.framesTotal) return;
        lastLine = Date.now();
        const eta = p.etaSeconds === undefined ? '' : `, ETA ${Math.ceil(p.etaSeconds)} s`;
        out.stderr(
          `videos ${p.videosDone}/${p.videosTotal}, frames ${p.framesDone}/${p.framesTotal}, ` +
            `${p.framesPerSecond.toFixed(1)} frames/s${eta}`,
        );
      },
    });
    out.stdout(options.has('json') ? JSON.stringify(summary, null, 2) : formatSummary(summary));
    return summary.failures.length ? 1 : 0;
  } catch (error) {
    if (controller.signal.aborted) {
      out.stderr('Interrupted: frames written so far are complete and kept; run the same command again to resume.');
      return 130;
    }
    if (
      error instanceof ExtractionError ||
      error instanceof PlanError ||
      (error instanceof Error && error.name === 'ToolsError')
    ) {
      out.stderr(`surgery-classifier extract: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function maxFrames(value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--max-frames must be a whole number of at least 1, not ${value}.`);
  return value;
}

function parsePins(text: string | undefined): Record<string, SplitName> {
  const pins: Record<string, SplitName> = {};
  for (const pair of text
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean) ?? []) {
    const [id, split] = pair.split('=');
    if (!id || !SPLITS.includes(split as SplitName))
      throw new UsageError(`--pin "${pair}" is not ID=train|validation|test.`);
    pins[id] = split as SplitName;
  }
  return pins;
}
