import * as path from 'node:path';
import { analyzeAnnotations } from '../annotations/analyze';
import { resolveVideoPath } from '../annotations/videoLocation';

/**
 * The videoId of the entry of an annotation file that refers to `video` (its `video` field, else the
 * videos folder and file-name pattern, as extraction resolves it); undefined when none does.
 */
export function findVideoEntry(
  text: string,
  options: { annotationDir: string; folder: string; fileNamePattern: string; video: string },
): string | undefined {
  const model = analyzeAnnotations(text, { reportSchema: false }).model;
  const target = path.resolve(options.video);
  const lookup = {
    annotationDir: options.annotationDir,
    folder: options.folder,
    fileNamePattern: options.fileNamePattern,
    exists: () => true,
  };
  const entry = model?.entries.find((e) => e.videoId !== undefined && resolveVideoPath(e, lookup) === target);
  return entry?.videoId === undefined ? undefined : String(entry.videoId.value);
}
