import { writeFileAtomic } from '../util/atomicWrite';
import { removeQuietly } from './atomicFiles';
import type { DecodeSpan } from './decodeSpans';
import { selectPassArgs } from './ffmpegArgs';
import { asVideoError, type JobContext } from './frameJob';
import { JpegStreamSplitter } from './jpegStream';
import { runTool } from './toolProcess';
import { VideoError, type FrameRequest } from './types';

/** Frames a select pass may hold in memory while their files are written, before ffmpeg is paused. */
const MAX_PENDING_WRITES = 8;

/**
 * One decode pass: JPEGs arrive on stdout in time order, one per window, and are written as they
 * come. The count is checked at the end; on a mismatch the frames could be shifted, so the files
 * this pass wrote are removed again.
 */
export async function runSelectPass(context: JobContext, span: DecodeSpan<FrameRequest>): Promise<void> {
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
    await runTool(tools.ffmpeg, selectPassArgs(clock, file, span, format), { signal, onStdout }).catch(
      (error: unknown) => {
        throw asVideoError(error, file);
      },
    );
  } finally {
    await writes;
  }
  if (writeError)
    throw writeError instanceof VideoError
      ? writeError
      : new VideoError(file, `Writing frames of ${file} failed: ${String(writeError)}`);
  if (received !== span.frames.length || splitter.hasPartialImage) {
    await removeQuietly(...written);
    const first = clock.probe.framePts[span.frames[0].index];
    throw new VideoError(
      file,
      `ffmpeg returned ${received} frames instead of ${span.frames.length} between ${first.toFixed(3)} s and ` +
        `${clock.probe.framePts[span.frames[span.frames.length - 1].index].toFixed(3)} s of ${file}; the file ` +
        'may be damaged there.',
    );
  }
}
