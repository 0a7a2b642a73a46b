import { abortError, isAbortError, throwIfAborted } from './abort';
import { ensureFolders, publishFile, removeQuietly, temporaryPathFor, writeFileAtomic } from './atomicFiles';
import { groupByFrame, seekBatches, seekSpans, selectSpans, type DecodeSpan } from './decodeSpans';
import { seekBatchArgs, selectPassArgs, type OutputFormat } from './ffmpegArgs';
import { FrameClock } from './frameClock';
import { isCompleteJpeg } from './jpegFile';
import { JpegStreamSplitter } from './jpegStream';
import { logSummary, runTool, ToolFailure } from './toolProcess';
import { VideoError, type FfmpegTools, type FrameRequest, type GrabOptions, type Strategy, type VideoProbe } from './types';

/** Frames a select pass may hold in memory while their files are written, before ffmpeg is paused. */
const MAX_PENDING_WRITES = 8;

/**
 * Writes, for every request, the frame shown at its time (the first frame whose presentation time
 * is ≥ time) as a JPEG at its target, atomically. Each ffmpeg process runs inside
 * `options.runSlot`. On cancel, or when one process fails, the video's other processes are
 * killed, temporary files deleted, and the promise rejects (AbortError, or the VideoError).
 * Files already renamed into place are complete and correct, and stay.
 */
export async function grabFrames(tools: FfmpegTools, file: string, probe: VideoProbe, requests: readonly FrameRequest[], strategy: Strategy, options: GrabOptions): Promise<void> {
  throwIfAborted(options.signal);
  const clock = new FrameClock(probe);
  const { frames, pastEnd } = groupByFrame(clock, requests);
  if (pastEnd.length) {
    const last = probe.framePts[probe.framePts.length - 1];
    throw new VideoError(file, `${file} has no frame at ${pastEnd.map((r) => `${r.time} s`).slice(0, 5).join(', ')}: its last frame is at ${last.toFixed(3)} s.`);
  }
  if (!frames.length) return;
  await ensureFolders(requests.map((request) => request.target));

  // One controller for the whole video: the caller's cancel, or the first failure, stops every process.
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const format: OutputFormat = { jpegQuality: options.jpegQuality, shortSide: options.shortSide };
  const context: JobContext = { tools, file, clock, format, signal: stop.signal, onFrame: options.onFrame };
  const jobs: Array<() => Promise<void>> =
    strategy.kind === 'select'
      ? selectSpans(clock, frames, strategy.chunks).map((span) => () => runSelectPass(context, span))
      : seekBatches(seekSpans(clock, frames), Math.max(1, strategy.seeksPerProcess)).map((batch) => () => runSeekBatch(context, batch));

  let failure: unknown;
  try {
    await Promise.all(
      jobs.map((job) =>
        options
          .runSlot(() => {
            throwIfAborted(stop.signal);
            return job();
          })
          .catch((error: unknown) => {
            if (!isAbortError(error)) failure ??= error;
            stop.abort();
          }),
      ),
    );
  } finally {
    options.signal?.removeEventListener('abort', onCancel);
  }
  if (options.signal?.aborted) throw abortError(options.signal);
  if (failure) throw failure;
}

interface JobContext {
  readonly tools: FfmpegTools;
  readonly file: string;
  readonly clock: FrameClock;
  readonly format: OutputFormat;
  readonly signal: AbortSignal;
  readonly onFrame?: (request: FrameRequest) => void;
}

/**
 * One decode pass: JPEGs arrive on stdout in time order, one per window, and are written as they
 * come. The count is checked at the end; on a mismatch the frames could be shifted, so the files
 * this pass wrote are removed again.
 */
async function runSelectPass(context: JobContext, span: DecodeSpan<FrameRequest>): Promise<void> {
  const { tools, file, clock, format, signal } = context;
  const splitter = new JpegStreamSplitter();
  const written: string[] = [];
  let received = 0;
  let writes: Promise<void> = Promise.resolve();
  let pending = 0;
  let resume: (() => void) | undefined;
  let writeError: unknown;

  const write = async (image: Buffer, index: number) => {
    const frame = span.frames[index];
    if (!frame || signal.aborted || writeError) return;
    for (const request of frame.requests) {
      await writeFileAtomic(request.target, image);
      written.push(request.target);
      context.onFrame?.(request);
    }
  };
  const onStdout = (chunk: Buffer, pause: () => () => void) => {
    let images: Buffer[];
    try {
      images = splitter.push(chunk);
    } catch (error) {
      writeError ??= error;
      return;
    }
    for (const image of images) {
      const index = received++;
      pending++;
      writes = writes
        .then(() => write(image, index))
        .catch((error: unknown) => {
          writeError ??= error;
        })
        .finally(() => {
          pending--;
          if (pending <= MAX_PENDING_WRITES / 2 && resume) {
            const resumeReading = resume;
            resume = undefined;
            resumeReading();
          }
        });
      // Back-pressure: while the disk lags, stop reading ffmpeg's stdout (ffmpeg then blocks on the pipe).
      if (pending >= MAX_PENDING_WRITES && !resume) resume = pause();
    }
  };

  try {
    await runTool(tools.ffmpeg, selectPassArgs(clock, file, span, format), { signal, onStdout }).catch((error: unknown) => {
      throw asVideoError(error, file);
    });
  } finally {
    await writes;
  }
  if (writeError) throw writeError instanceof VideoError ? writeError : new VideoError(file, `Writing frames of ${file} failed: ${String(writeError)}`);
  if (received !== span.frames.length || splitter.hasPartialImage) {
    await removeQuietly(...written);
    const first = clock.probe.framePts[span.frames[0].index];
    throw new VideoError(file, `ffmpeg returned ${received} frames instead of ${span.frames.length} between ${first.toFixed(3)} s and ${clock.probe.framePts[span.frames[span.frames.length - 1].index].toFixed(3)} s of ${file}; the file may be damaged there.`);
  }
}

/** Several seeking inputs in one process; ffmpeg writes each frame to a temporary file, renamed once the process succeeded. */
async function runSeekBatch(context: JobContext, batch: readonly DecodeSpan<FrameRequest>[]): Promise<void> {
  const { tools, file, clock, format, signal } = context;
  const temporaries = batch.map((span) => span.frames.map((frame) => temporaryPathFor(frame.requests[0].target)));
  const all = temporaries.flat();
  try {
    await runTool(tools.ffmpeg, seekBatchArgs(clock, file, batch, temporaries, format), { signal }).catch((error: unknown) => {
      throw asVideoError(error, file);
    });
    const missing: number[] = [];
    for (const [input, span] of batch.entries()) {
      for (const [k, frame] of span.frames.entries()) {
        const temporary = temporaries[input][k];
        if (!(await isCompleteJpeg(temporary))) {
          missing.push(...frame.requests.map((request) => request.time));
          continue;
        }
        for (const [r, request] of frame.requests.entries()) {
          throwIfAborted(signal);
          await publishFile(temporary, request.target, r < frame.requests.length - 1);
          context.onFrame?.(request);
        }
      }
    }
    if (missing.length) {
      throw new VideoError(file, `ffmpeg found no frame for ${missing.slice(0, 5).map((t) => `${t} s`).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more times` : ''} in ${file}; the file may be damaged there.`);
    }
  } finally {
    await removeQuietly(...all);
  }
}

function asVideoError(error: unknown, file: string): unknown {
  if (!(error instanceof ToolFailure)) return error;
  return new VideoError(file, `ffmpeg could not read frames from ${file} (${logSummary(error.stderrTail, file) || error.message}).`);
}
