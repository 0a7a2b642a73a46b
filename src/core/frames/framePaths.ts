import * as path from 'node:path';
import type { SplitName } from './extractionSettings';

/** `<split>/<class>/<videoId>-<t>.jpg`, with forward slashes (manifest form). */
export function frameRelativePath(split: SplitName, className: string, videoKey: string, time: number): string {
  return `${split}/${className}/${videoKey}-${formatFrameTime(time)}.jpg`;
}

/** Milliseconds are the finest step that the settings allow, so three decimals name each time uniquely. */
export const formatFrameTime = (time: number): string => time.toFixed(3);

/**
 * Resolves a relative path from data (manifest, plan) inside `root`, refusing anything that would
 * land outside it: a videoId or label can never write elsewhere.
 */
export function containedPath(root: string, relative: string): string {
  const resolvedRoot = path.resolve(root);
  const resolved = path.resolve(resolvedRoot, relative);
  if (!isStrictlyInside(resolvedRoot, resolved)) {
    throw new Error(`Refusing to write "${relative}": it is outside the output folder ${resolvedRoot}.`);
  }
  return resolved;
}

/** True when `file` (absolute) lies below `root` (absolute), not at it: the one containment test. */
export function isStrictlyInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}
