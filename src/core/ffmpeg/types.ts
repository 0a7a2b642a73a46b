/** Contracts between the frame-extraction orchestrator (src/core/frames) and the ffmpeg layer (src/core/ffmpeg). */

export type ToolSource = 'setting' | 'ffmpeg-static' | 'ffmpeg-installer' | 'path';

export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** Where each binary was found, for the log. */
  readonly ffmpegSource: ToolSource;
  readonly ffprobeSource: ToolSource;
  /** First line of `ffmpeg -version`, recorded in dataset.json. */
  readonly ffmpegVersion: string;
  readonly ffprobeVersion: string;
}

export interface VideoProbe {
  /** Seconds, from the container or the last frame. */
  readonly duration: number;
  /** Average frames per second. */
  readonly fps: number;
  /** True when frame durations vary (variable frame rate). */
  readonly vfr: boolean;
  /** Coded size as stored, before `rotation` is applied. */
  readonly width: number;
  readonly height: number;
  /**
   * Degrees the player rotates the picture clockwise (0, 90, 180, 270); ffmpeg applies it when decoding (autorotate).
   */
  readonly rotation: number;
  /** Median seconds between keyframes. */
  readonly keyframeInterval: number;
  /** Presentation times in seconds of every frame, ascending, from the start of the stream (first frame = 0). */
  readonly framePts: readonly number[];
  /** Presentation times of keyframes, ascending, on the same clock. */
  readonly keyframePts: readonly number[];
  /** Index of the video stream read (the first one that is not cover art), for `-map 0:<index>`. */
  readonly streamIndex: number;
  /**
   * The first frame's time on the container's own clock: ffmpeg with `-copyts` sees frame i at startTime + framePts[i].
   */
  readonly startTime: number;
  /** ffprobe's format name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`: decides how input seeking lands (see seekPoints.ts). */
  readonly container: string;
}

/**
 * How one video's frames are read: a decode pass with `select`, cut into chunks that run in parallel, or input seeking.
 */
export type Strategy =
  { readonly kind: 'select'; readonly chunks: number } | { readonly kind: 'seek'; readonly seeksPerProcess: number };

export interface FrameRequest {
  /** Seconds from the start of the video (same clock as VideoProbe.framePts). */
  readonly time: number;
  /** Absolute path of the JPEG to write. Written atomically: temp file in the same folder, then rename. */
  readonly target: string;
}

export interface GrabOptions {
  /** JPEG quality 1–100 (mapped to ffmpeg's -q:v 31..2). */
  readonly jpegQuality: number;
  /** When set, scale so that the shorter side has this many pixels (aspect kept). */
  readonly shortSide?: number;
  /** Cancels: running ffmpeg processes are killed and no partial file is left. */
  readonly signal?: AbortSignal;
  /** Runs one ffmpeg process inside the caller's concurrency pool (all videos share it). */
  readonly runSlot: <T>(task: () => Promise<T>) => Promise<T>;
  /** Called once per request when its file is in place. */
  readonly onFrame?: (request: FrameRequest) => void;
}

/** A failure that concerns one video: the message names the file and says what to do. */
export class VideoError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'VideoError';
  }
}
