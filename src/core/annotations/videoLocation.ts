import * as path from 'node:path';
import type { VideoEntry } from './model';

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

/** Characters that make a videoId unusable as a file name on some system, or a path outside its folder. */
const UNSAFE_CHARACTERS = /[/\\<>:"|?*\u0000-\u001f\u007f]/;

/** Why a videoId cannot name a file inside the output folder, or undefined when it is safe. */
export function unsafeVideoIdReason(id: string | number): string | undefined {
  if (typeof id === 'number') return undefined;
  if (id.includes('..')) return "contains '..'";
  const bad = UNSAFE_CHARACTERS.exec(id);
  if (bad) {
    const code = bad[0].charCodeAt(0);
    return code < 0x20 || code === 0x7f ? `contains the control character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `contains '${bad[0]}'`;
  }
  if (id.trim() !== id) return 'starts or ends with white space';
  if (id === '.') return "is '.'";
  return undefined;
}

/** The video file an entry refers to: its `video` field, else the configured folder and file name. */
export function resolveVideoPath(entry: VideoEntry, lookup: VideoLookup): string | undefined {
  if (entry.video) return path.resolve(lookup.annotationDir, entry.video.value);
  if (!entry.videoId || unsafeVideoIdReason(entry.videoId.value)) return undefined;
  const folder = path.resolve(lookup.annotationDir, lookup.folder || '.');
  const fileName = lookup.fileNamePattern.split('{videoId}').join(String(entry.videoId.value));
  return path.join(folder, fileName);
}
