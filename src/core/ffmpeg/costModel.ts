import type { VideoProbe } from './types';

/**
 * What extraction costs, in seconds of one CPU core, measured on a 2-core machine with synthetic
 * 720p H.264 and the npm ffmpeg build; only the ratios matter for the choices made from them.
 *
 * - Decoding a frame costs time proportional to its pixels: 1.3–1.4 ms for 720p on one thread
 *   (ffmpeg `-threads 1`, which is faster overall when several ffmpeg processes run at once).
 * - Starting an ffmpeg process: ~0.015 s for the static npm build, ~0.23 s for distribution
 *   builds with shared libraries (performance-facts.md). The model takes the larger, so that
 *   work is never split into pieces whose start-up would dominate.
 * - One more seeking input inside a process (`-ss t -i video`): ~0.013 s to open, seek, flush and
 *   write the JPEG, on top of decoding from the keyframe before the target to the target.
 * Checked against CPU time (10-minute 720p, one frame per 4 s): GOP 250 select 23.3 s for 17 881
 * decoded frames (1.30 ms each), seek 19.3 s for 13 392 frames + 150 seeks.
 */
export const PROCESS_SECONDS = 0.23;
export const SEEK_INPUT_SECONDS = 0.015;
export const DECODE_SECONDS_PER_MEGAPIXEL = 0.0015;

/** A select chunk must decode at least this long, so start-up stays under ~10% of its time. */
export const MIN_CHUNK_SECONDS = 10 * PROCESS_SECONDS;
/**
 * A select pass splits into two processes where the frames it would decode for nothing cost more than a new process.
 */
export const GAP_SPLIT_SECONDS = PROCESS_SECONDS + SEEK_INPUT_SECONDS;
/** Above ~25 inputs one process gets slower per seek (measured 40 ms/seek at 25, 57 ms at 50). */
export const MAX_SEEKS_PER_PROCESS = 25;
/** Frames one select process writes at most: bounds its command line (Windows allows 32 KiB). */
export const MAX_FRAMES_PER_SELECT = 200;
/** Frames one seeking process writes at most (each is an output file on the command line). */
export const MAX_OUTPUTS_PER_SEEK_PROCESS = 60;

/**
 * Wall-clock seconds for jobs started in order on `lanes` parallel slots, each job taking the next
 * free slot (what the caller's pool does).
 */
export function wallSeconds(jobSeconds: readonly number[], lanes: number): number {
  const free = new Array<number>(Math.max(1, lanes)).fill(0);
  for (const seconds of jobSeconds) {
    const earliest = free.indexOf(Math.min(...free));
    free[earliest] += seconds;
  }
  return Math.max(...free);
}

export function frameDecodeSeconds(probe: Pick<VideoProbe, 'width' | 'height'>): number {
  const megapixels = (probe.width * probe.height) / 1e6 || 0.9;
  return DECODE_SECONDS_PER_MEGAPIXEL * megapixels;
}
