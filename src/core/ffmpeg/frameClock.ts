import type { VideoProbe } from './types';

/**
 * A frame's acceptance window on ffmpeg's `-copyts` clock: the frame's time lies strictly inside, every other frame's
 * outside.
 */
export interface FrameWindow {
  readonly lo: number;
  readonly hi: number;
}

/**
 * Frame arithmetic on a probed video: which frame shows at a time, which keyframe decoding must
 * start from, and windows between neighbouring frames' times. Windows are what make extraction
 * exact for CFR and VFR alike: ffmpeg keeps the frame whose timestamp falls inside, and midpoints
 * cannot be missed by rounding the way a timestamp itself can.
 */
export class FrameClock {
  private readonly keyframeIndices: Int32Array;

  constructor(readonly probe: VideoProbe) {
    this.keyframeIndices = Int32Array.from(
      probe.keyframePts.map((t) => this.frameAtOrAfter(t)).filter((i) => i < probe.framePts.length),
    );
  }

  get frameCount(): number {
    return this.probe.framePts.length;
  }

  /** Index of the first frame whose presentation time is ≥ t (framePts.length when there is none). */
  frameAtOrAfter(t: number): number {
    const pts = this.probe.framePts;
    let lo = 0;
    let hi = pts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pts[mid] >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * Index of the last keyframe at or before frame `index`; -1 when none is (decoding then starts at the file's start).
   */
  keyframeAtOrBefore(index: number): number {
    const after = this.firstKeyframePositionAfter(index);
    return after ? this.keyframeIndices[after - 1] : -1;
  }

  /** Index of the first keyframe after frame `index`, or -1. */
  nextKeyframe(index: number): number {
    const after = this.firstKeyframePositionAfter(index);
    return after < this.keyframeIndices.length ? this.keyframeIndices[after] : -1;
  }

  /** Position in keyframeIndices of the first keyframe after frame `index` (binary search). */
  private firstKeyframePositionAfter(index: number): number {
    const keys = this.keyframeIndices;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] <= index) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where decoding must begin to show frame `index`: its keyframe, or the first frame. */
  decodeStart(index: number): number {
    return Math.max(0, this.keyframeAtOrBefore(index));
  }

  /** Frame `index` on ffmpeg's clock (`-copyts`). */
  rawTime(index: number): number {
    return this.probe.startTime + this.probe.framePts[index];
  }

  /**
   * Halfway to the neighbouring frames; at either end, half the neighbouring interval (frames ffmpeg shows beyond the
   * probed ones, such as AVI's guessed last frames, stay outside).
   */
  window(index: number): FrameWindow {
    const last = this.frameCount - 1;
    const time = this.rawTime(index);
    const before = index > 0 ? this.rawTime(index - 1) : last > 0 ? 2 * time - this.rawTime(1) : time - 1;
    const after = index < last ? this.rawTime(index + 1) : last > 0 ? 2 * time - this.rawTime(last - 1) : time + 1;
    return { lo: (before + time) / 2, hi: (time + after) / 2 };
  }
}
