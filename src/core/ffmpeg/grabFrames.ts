import { abortError, isAbortError, throwIfAborted } from './abort';
import { ensureFolders } from './atomicFiles';
import { groupByFrame, seekBatches, seekSpans, selectSpans } from './decodeSpans';
import type { OutputFormat } from './ffmpegArgs';
import { FrameClock } from './frameClock';
import type { JobContext } from './frameJob';
import { runSeekBatch } from './seekBatch';
import { runSelectPass } from './selectPass';
import {
  VideoError,
  type FfmpegTools,
  type FrameRequest,
  type GrabOptions,
  type Strategy,
  type VideoProbe,
} from './types';

/**
 * Writes, for every request, the frame shown at its time (the first frame whose presentation time
 * is ≥ time) as a JPEG at its target, atomically. Each ffmpeg process runs inside
 * `options.runSlot`. On cancel, or when one process fails, the video's other processes are
 * killed, temporary files deleted, and the promise rejects (AbortError, or the VideoError).
 * Files already renamed into place are complete and correct, and stay.
 */
export async function grabFrames(
  tools: FfmpegTools,
  file: string,
  probe: VideoProbe,
  requests: readonly FrameRequest[],
  strategy: Strategy,
  options: GrabOptions,
): Promise<void> {
  throwIfAborted(options.signal);
  const clock = new FrameClock(probe);
  const { frames, pastEnd } = groupByFrame(clock, requests);
  if (pastEnd.length) {
    const last = probe.framePts[probe.framePts.length - 1];
    throw new VideoError(
      file,
      `${file} has no frame at ${pastEnd
        .map((r) => `${r.time} s`)
        .slice(0, 5)
        .join(', ')}: its last frame is at ${last.toFixed(3)} s.`,
    );
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
      : seekBatches(seekSpans(clock, frames), Math.max(1, strategy.seeksPerProcess)).map(
          (batch) => () => runSeekBatch(context, batch),
        );

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
