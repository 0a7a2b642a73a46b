import { publishFile, removeQuietly, temporaryPathFor } from './atomicFiles';
import { throwIfAborted } from './abort';
import type { DecodeSpan } from './decodeSpans';
import { seekBatchArgs } from './ffmpegArgs';
import { asVideoError, type JobContext } from './frameJob';
import { isCompleteJpeg } from './jpegFile';
import { runTool } from './toolProcess';
import { VideoError, type FrameRequest } from './types';

/**
 * Several seeking inputs in one process; ffmpeg writes each frame to a temporary file, renamed once the process
 * succeeded.
 */
export async function runSeekBatch(context: JobContext, batch: readonly DecodeSpan<FrameRequest>[]): Promise<void> {
  const { tools, file, clock, format, signal } = context;
  const temporaries = batch.map((span) => span.frames.map((frame) => temporaryPathFor(frame.requests[0].target)));
  const all = temporaries.flat();
  try {
    await runTool(tools.ffmpeg, seekBatchArgs(clock, file, batch, temporaries, format), { signal }).catch(
      (error: unknown) => {
        throw asVideoError(error, file);
      },
    );
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
      const times = missing
        .slice(0, 5)
        .map((t) => `${t} s`)
        .join(', ');
      const more = missing.length > 5 ? ` and ${missing.length - 5} more times` : '';
      throw new VideoError(
        file,
        `ffmpeg found no frame for ${times}${more} in ${file}; the file may be damaged there.`,
      );
    }
  } finally {
    await removeQuietly(...all);
  }
}
