import type { TimeSegment } from './types';

export interface AnnotationExport {
  readonly videoId: string | number;
  readonly durationSeconds: number;
  /** Path of the video, as the annotation format's optional `video` field. */
  readonly video?: string;
  readonly segments: readonly TimeSegment[];
}

/** Milliseconds are finer than any frame step we use and keep the file readable. */
function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * One video's predicted segments as an annotation file in our format, so annotators can start from
 * the model's proposal and the validator checks it like any other file. Times are rounded to ms and
 * clamped to [0, durationSeconds]; segments that vanish by that are left out.
 */
export function toAnnotationFile(video: AnnotationExport): string {
  const duration = roundMs(video.durationSeconds);
  if (!(duration > 0)) throw new RangeError(`durationSeconds must be > 0, got ${video.durationSeconds}.`);
  const clamp = (t: number) => Math.min(duration, Math.max(0, roundMs(t)));
  const annotations = video.segments
    .map((s) => ({ label: s.label, startSeconds: clamp(s.start), endSeconds: clamp(s.end) }))
    .filter((s) => s.startSeconds < s.endSeconds)
    .sort((a, b) => a.startSeconds - b.startSeconds);
  const entry = {
    videoId: video.videoId,
    durationSeconds: duration,
    ...(video.video === undefined ? {} : { video: video.video }),
    annotations,
  };
  return JSON.stringify([entry], null, 2) + '\n';
}
