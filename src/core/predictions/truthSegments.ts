import { analyzeAnnotations } from '../annotations/analyze';
import type { TimeSegment } from './types';

export interface VideoTruth {
  /** The entry's own videoId (number or string, as written). */
  readonly videoId: string | number;
  readonly durationSeconds?: number;
  readonly segments: TimeSegment[];
}

/**
 * The annotated segments of one video of an annotation file, read with the validator's parser so
 * that it accepts exactly what the validator accepts. `videoId` matches numbers and strings alike
 * ("5" finds 5). Segments with a missing field or start ≥ end are skipped: they state no time span.
 */
export function truthSegments(text: string, videoId: string): VideoTruth | undefined {
  const entry = analyzeAnnotations(text, { reportSchema: false }).model?.entries.find(
    (e) => e.videoId !== undefined && String(e.videoId.value) === videoId,
  );
  if (!entry?.videoId) return undefined;
  const segments: TimeSegment[] = [];
  for (const s of entry.segments) {
    if (s.label?.value && s.start && s.end && s.start.value < s.end.value)
      segments.push({ label: s.label.value, start: s.start.value, end: s.end.value });
  }
  return { videoId: entry.videoId.value, durationSeconds: entry.duration?.value, segments };
}
