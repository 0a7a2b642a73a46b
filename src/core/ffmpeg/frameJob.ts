import { ToolFailure, logSummary } from './toolProcess';
import type { OutputFormat } from './ffmpegArgs';
import type { FrameClock } from './frameClock';
import { VideoError, type FfmpegTools, type FrameRequest } from './types';

/** What one ffmpeg process of a video's extraction needs. */
export interface JobContext {
  readonly tools: FfmpegTools;
  readonly file: string;
  readonly clock: FrameClock;
  readonly format: OutputFormat;
  readonly signal: AbortSignal;
  readonly onFrame?: (request: FrameRequest) => void;
}

/** A failed ffmpeg run as a VideoError with the tail of ffmpeg's log; cancellation passes through. */
export function asVideoError(error: unknown, file: string): unknown {
  if (!(error instanceof ToolFailure)) return error;
  return new VideoError(
    file,
    `ffmpeg could not read frames from ${file} (${logSummary(error.stderrTail, file) || error.message}).`,
  );
}
