import type { AnnotationModel, VideoEntry } from '../annotations/model';
import { isWellFormed, videoKey } from '../annotations/model';
import { unsafeVideoIdReason } from '../annotations/videoLocation';
import type { ExtractionSettings, SplitName } from './extractionSettings';
import { unsafeLabelReason } from '../annotations/safeNames';
import { isPlausibleDuration, MAX_PLAUSIBLE_SECONDS } from '../annotations/rules/implausibleTime';
import { frameRelativePath } from './framePaths';
import { splitVideos } from './splitVideos';
import { stableHash } from './stableHash';

export interface SourceSegment {
  readonly index: number;
  readonly label: string;
  readonly startSeconds: number;
  readonly endSeconds: number;
}

export interface PlannedFrame {
  readonly videoKey: string;
  readonly time: number;
  readonly className: string;
  readonly split: SplitName;
  /** The segment the frame's class comes from; null for the background class. */
  readonly segment: SourceSegment | null;
  /** Relative to the output folder, forward slashes. */
  readonly path: string;
}

export interface PlannedVideo {
  readonly videoKey: string;
  readonly videoId: string | number;
  readonly entry: VideoEntry;
  readonly duration: number;
  readonly split: SplitName;
  readonly frames: PlannedFrame[];
}

export type SkipReason = 'margin' | 'conflict' | 'excluded-label' | 'cap';

export interface FramePlan {
  readonly classes: readonly string[];
  readonly backgroundClass: string;
  readonly videos: readonly PlannedVideo[];
  readonly skipped: Record<SkipReason, number>;
  /** Entries that cannot be extracted, with the reason (they are left out, the rest goes on). */
  readonly excludedVideos: ReadonlyArray<{
    readonly entryIndex: number;
    readonly videoId?: string | number;
    readonly reason: string;
  }>;
}

export interface PlanLimits {
  /** The most frames a plan may hold; a larger one is refused before anything is written. */
  readonly maxFrames?: number;
}

/** 500 000 frames are about 25 GB of JPEGs: more is almost always a step or duration slip. */
export const DEFAULT_MAX_FRAMES = 500_000;

/** Thrown for settings that make no plan at all (a class name that cannot be a folder, no labels). */
export class PlanError extends Error {}

/**
 * Decides every frame of the dataset from the annotations alone, before any video is opened:
 * times on a fixed grid, the class of each time, frames skipped near edges and where labels
 * disagree, a per-class cap, and a by-video split. Pure and deterministic.
 */
export function planFrames(model: AnnotationModel, settings: ExtractionSettings, limits: PlanLimits = {}): FramePlan {
  const excludedVideos: Array<{ entryIndex: number; videoId?: string | number; reason: string }> = [];
  const usable = usableEntries(model, excludedVideos);
  if (!usable.length && excludedVideos.length) throw new PlanError(allLeftOutMessage(excludedVideos));
  refuseOversizedGrid(usable, settings, limits.maxFrames ?? DEFAULT_MAX_FRAMES);
  const fileLabels = [
    ...new Set(usable.flatMap((entry) => entry.segments.filter(isWellFormed).map((s) => s.label!.value))),
  ].sort();
  const labels = settings.labels.length ? [...settings.labels] : fileLabels;
  if (!labels.length)
    throw new PlanError(
      'The annotation file has no labelled segments, so there is no class to extract. Add segments, or choose labels.',
    );
  const backgroundClass = settings.backgroundClass || (labels.length === 1 ? `not-${labels[0]}` : 'background');
  if (labels.includes(backgroundClass))
    throw new PlanError(
      `The background class "${backgroundClass}" is also a label. Choose another background class name.`,
    );
  for (const name of [...labels, backgroundClass]) {
    const reason = unsafeLabelReason(name);
    if (reason)
      throw new PlanError(
        `Class "${name}" ${reason}, so it cannot name a folder. Rename the label, or choose other labels.`,
      );
  }
  const chosen = new Set(labels);
  const splits = splitVideos(
    usable.map((e) => videoKey(e.videoId!.value)),
    settings.split,
    settings.seed,
    settings.pins,
  );
  const skipped: Record<SkipReason, number> = { margin: 0, conflict: 0, 'excluded-label': 0, cap: 0 };

  const videos: PlannedVideo[] = usable.map((entry) => {
    const key = videoKey(entry.videoId!.value);
    const split = splits.get(key)!;
    const duration = entry.duration!.value;
    const segments = entry.segments
      .filter(isWellFormed)
      .map((s) => ({ index: s.index, label: s.label!.value, startSeconds: s.start!.value, endSeconds: s.end!.value }));
    const edges = segments.flatMap((s) => [s.startSeconds, s.endSeconds]).sort((a, b) => a - b);
    const frames: PlannedFrame[] = [];
    for (const time of gridTimes(settings.offset, settings.step, duration)) {
      if (settings.margin > 0 && nearEdge(edges, time, settings.margin)) {
        skipped.margin++;
        continue;
      }
      const covering = segments.filter((s) => s.startSeconds <= time && time < s.endSeconds);
      const coveringLabels = new Set(covering.map((s) => s.label));
      if (coveringLabels.size > 1) {
        skipped.conflict++;
        continue;
      }
      const segment = covering[0] ?? null;
      if (segment && !chosen.has(segment.label)) {
        skipped['excluded-label']++;
        continue;
      }
      const className = segment ? segment.label : backgroundClass;
      frames.push({
        videoKey: key,
        time,
        className,
        split,
        segment,
        path: frameRelativePath(split, className, key, time),
      });
    }
    return { videoKey: key, videoId: entry.videoId!.value, entry, duration, split, frames };
  });

  if (settings.perClassCap > 0) applyCap(videos, settings.perClassCap, settings.seed, skipped);
  refuseOversizedPlan(videos, limits.maxFrames ?? DEFAULT_MAX_FRAMES);
  // Segments that cover every video (surgical phases) leave no background frame: a class with no
  // frame could never be learned, only predicted wrongly, so it is not a class at all.
  const hasBackground = videos.some((video) => video.frames.some((frame) => frame.segment === null));
  return {
    classes: hasBackground ? [...labels, backgroundClass] : [...labels],
    backgroundClass,
    videos,
    skipped,
    excludedVideos,
  };
}

/** Entries with a safe, unique videoId and a positive duration; the others are listed with why. */
function usableEntries(
  model: AnnotationModel,
  excluded: Array<{ entryIndex: number; videoId?: string | number; reason: string }>,
): VideoEntry[] {
  const seen = new Set<string>();
  const usable: VideoEntry[] = [];
  for (const entry of model.entries) {
    const id = entry.videoId?.value;
    const reason =
      id === undefined
        ? 'has no videoId'
        : unsafeVideoIdReason(id)
          ? `videoId ${unsafeVideoIdReason(id)}`
          : seen.has(videoKey(id))
            ? 'repeats a videoId'
            : !entry.duration || !(entry.duration.value > 0)
              ? 'has no valid durationSeconds'
              : !isPlausibleDuration(entry.duration.value)
                ? `has durationSeconds ${entry.duration.value}, more than ${MAX_PLAUSIBLE_SECONDS} s (a week)`
                : undefined;
    if (reason) {
      excluded.push({ entryIndex: entry.index, videoId: id, reason });
      continue;
    }
    seen.add(videoKey(id!));
    usable.push(entry);
  }
  return usable;
}

function allLeftOutMessage(
  excluded: ReadonlyArray<{ entryIndex: number; videoId?: string | number; reason: string }>,
): string {
  const shown = excluded
    .slice(0, 5)
    .map(
      (e) =>
        'entry ' +
        `${e.entryIndex + 1}${e.videoId === undefined ? '' : ` (videoId ${JSON.stringify(String(e.videoId))})`} ` +
        `${e.reason}`,
    );
  const more = excluded.length > shown.length ? `; and ${excluded.length - shown.length} more` : '';
  return (
    `Every entry of the annotation file is left out, so there is nothing to extract: ${shown.join('; ')}${more}. ` +
    'Fix them (Validate lists each one at its place) and extract again.'
  );
}

/** Counted from the grid before any frame is made: 1e308 s or a tiny step must not exhaust memory first. */
function refuseOversizedGrid(entries: readonly VideoEntry[], settings: ExtractionSettings, maxFrames: number): void {
  let total = 0;
  for (const entry of entries)
    total += Math.max(0, Math.ceil((entry.duration!.value - settings.offset) / settings.step));
  // A per-class cap may bring a larger grid under the limit, so the grid itself may be a few times larger.
  const gridLimit = settings.perClassCap > 0 ? Math.max(maxFrames, 5_000_000) : maxFrames;
  if (total > gridLimit) throw new PlanError(tooManyFrames(total, maxFrames, settings.step));
}

function refuseOversizedPlan(videos: readonly PlannedVideo[], maxFrames: number): void {
  const total = videos.reduce((sum, video) => sum + video.frames.length, 0);
  if (total > maxFrames) throw new PlanError(tooManyFrames(total, maxFrames));
}

function tooManyFrames(total: number, maxFrames: number, step?: number): string {
  return (
    `The plan holds ${Math.round(total).toLocaleString('en-US')} ` +
    `frames${step === undefined ? '' : ` at a step of ${step} s`}, above the limit of ` +
    `${maxFrames.toLocaleString('en-US')}. ` +
    ('Use a larger step or a per-class cap, or raise the limit (--max-frames, setting ' +
      'surgeryClassifier.extraction.maxFrames).')
  );
}

/** offset, offset + step, … below duration, rounded to milliseconds so that names and plans are stable. */
export function gridTimes(offset: number, step: number, duration: number): number[] {
  const times: number[] = [];
  for (let k = 0; ; k++) {
    const time = Math.round((offset + k * step) * 1000) / 1000;
    if (time >= duration) break;
    times.push(time);
  }
  return times;
}

function nearEdge(sortedEdges: readonly number[], time: number, margin: number): boolean {
  // Binary search for the first edge >= time - margin.
  let low = 0;
  let high = sortedEdges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sortedEdges[mid] < time - margin) low = mid + 1;
    else high = mid;
  }
  return low < sortedEdges.length && Math.abs(sortedEdges[low] - time) < margin;
}

/** Keeps `cap` frames per class: those with the smallest seeded hash, an even random spread over videos and time. */
function applyCap(videos: PlannedVideo[], cap: number, seed: string, skipped: Record<SkipReason, number>): void {
  const byClass = new Map<string, PlannedFrame[]>();
  for (const video of videos)
    for (const frame of video.frames) {
      const list = byClass.get(frame.className) ?? [];
      list.push(frame);
      byClass.set(frame.className, list);
    }
  const dropped = new Set<PlannedFrame>();
  for (const frames of byClass.values()) {
    if (frames.length <= cap) continue;
    const ranked = frames
      .map((frame) => ({ frame, rank: stableHash(seed, 'cap', frame.videoKey, String(frame.time)) }))
      .sort((a, b) => a.rank - b.rank);
    for (const { frame } of ranked.slice(cap)) dropped.add(frame);
  }
  skipped.cap += dropped.size;
  for (const video of videos) {
    const kept = video.frames.filter((frame) => !dropped.has(frame));
    video.frames.length = 0;
    video.frames.push(...kept);
  }
}
