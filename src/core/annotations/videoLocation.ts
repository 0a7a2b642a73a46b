import * as path from 'node:path';
import type { VideoEntry } from './model';
import { unsafeVideoIdReason } from './safeNames';

export { unsafeVideoIdReason } from './safeNames';

export interface VideoLookup {
  /** Folder of the annotation file: relative `video` paths and a relative folder start here. */
  readonly annotationDir: string;
  /** Folder of the videos, relative to annotationDir or absolute; '' means annotationDir. */
  readonly folder: string;
  /** File name with `{videoId}` in it, e.g. `{videoId}.mp4`. */
  readonly fileNamePattern: string;
  readonly exists: (absolutePath: string) => boolean;
  /** The real length of a video in seconds when it has been probed; undefined while unknown. */
  readonly duration?: (absolutePath: string) => number | undefined;
  /** Seconds by which durationSeconds may differ from the real length. */
  readonly durationTolerance?: number;
}

/** The video file an entry refers to: its `video` field, else the configured folder and file name. */
export function resolveVideoPath(entry: VideoEntry, lookup: VideoLookup): string | undefined {
  if (entry.video) return path.resolve(lookup.annotationDir, entry.video.value);
  if (!entry.videoId || unsafeVideoIdReason(entry.videoId.value)) return undefined;
  const folder = path.resolve(lookup.annotationDir, lookup.folder || '.');
  const fileName = lookup.fileNamePattern.split('{videoId}').join(String(entry.videoId.value));
  return path.join(folder, fileName);
}
