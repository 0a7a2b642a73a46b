import * as path from 'node:path';
import { toAnnotationFile } from './toAnnotations';
import type { TimeSegment } from './types';

/** The videoId a prediction is saved under: the annotation entry's, else the video's file name without extension. */
export const predictedVideoId = (video: string, entryVideoId?: string | number): string | number =>
  entryVideoId ?? path.basename(video).replace(/\.[^.]*$/, '');

/** `<videoId>.predicted.annotations.json`: matches the default annotation glob, so the validator checks it. */
export const predictedFileName = (videoId: string | number): string =>
  // eslint-disable-next-line no-control-regex -- control characters cannot be in a file name: replaced like the rest
  `${String(videoId).replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_')}.predicted.annotations.json`;

/**
 * The text of the annotation file that holds a video's predicted segments, written at `outFile`:
 * its `video` field is relative to that file, so the file still finds its video when both move together.
 */
export function predictedAnnotationText(options: {
  outFile: string;
  video: string;
  videoId: string | number;
  durationSeconds: number;
  segments: readonly TimeSegment[];
}): string {
  const relative = path
    .relative(path.dirname(path.resolve(options.outFile)), path.resolve(options.video))
    .split(path.sep)
    .join('/');
  return toAnnotationFile({
    videoId: options.videoId,
    durationSeconds: options.durationSeconds,
    video: relative,
    segments: options.segments,
  });
}
