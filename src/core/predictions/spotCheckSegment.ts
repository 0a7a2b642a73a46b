import { readAnnotationModel, videoKey } from '../annotations/model';
import { formatTimestamp } from '../annotations/time';
import { parseJson } from '../json/parseJson';
import type { TextSpan } from '../problem';

/** Where a frame's time sits in an annotation file: the segment that contains it, else its video's entry. */
export interface FrameLocation {
  readonly kind: 'segment' | 'entry';
  /** What to select. */
  readonly span: TextSpan;
  /** In words, for the status message: "suturing 00:00:10.000 → 00:00:20.000" or why only the entry. */
  readonly detail: string;
}

/**
 * Finds the entry of `videoId` and the segment containing `time` (ends included, as the frame plan
 * labels them; one whose label is the true class is preferred when segments overlap). A background
 * frame is inside no segment: its video's entry is selected instead.
 */
export function locateFrame(
  text: string,
  videoId: string | number,
  time: number,
  trueClass?: string,
): FrameLocation | undefined {
  const model = readAnnotationModel(parseJson(text).root);
  const entry = model?.entries.find((e) => e.videoId !== undefined && videoKey(e.videoId.value) === videoKey(videoId));
  if (!entry) return undefined;
  const containing = entry.segments.filter((s) => s.start && s.end && s.start.value <= time && time <= s.end.value);
  const segment = containing.find((s) => s.label?.value === trueClass) ?? containing[0];
  if (segment) {
    return {
      kind: 'segment',
      span: segment.node,
      detail:
        `${segment.label?.value ?? '(no label)'} ${formatTimestamp(segment.start!.value)} → ` +
        `${formatTimestamp(segment.end!.value)}`,
    };
  }
  return {
    kind: 'entry',
    span: entry.node,
    detail: `video ${videoKey(videoId)}: ${formatTimestamp(time)} is in no segment`,
  };
}

export interface AnnotationCandidate {
  readonly file: string;
  /** The file's content is the one the dataset was extracted from (dataset.json's sha256). */
  readonly sameContent: boolean;
  /** The manifest's video path, relative to this file's folder, exists. */
  readonly videoFound: boolean;
}

/**
 * dataset.json names the annotation file only by its base name and hash: among the files of that name,
 * the one with the same content wins, then one next to the frame's video (edited since), then the first.
 */
export function chooseAnnotationFile(candidates: readonly AnnotationCandidate[]): string | undefined {
  return (candidates.find((c) => c.sameContent) ?? candidates.find((c) => c.videoFound) ?? candidates[0])?.file;
}
