import {
  GAP_SPLIT_SECONDS,
  MAX_FRAMES_PER_SELECT,
  MAX_OUTPUTS_PER_SEEK_PROCESS,
  frameDecodeSeconds,
} from './costModel';
import type { FrameClock } from './frameClock';

/** One frame to write and every request that asked for it (several times can fall on one frame). */
export interface TargetFrame<R> {
  readonly index: number;
  readonly requests: readonly R[];
}

/** A stretch one ffmpeg input decodes: from the keyframe `decodeFrom` through its last target. */
export interface DecodeSpan<R> {
  readonly decodeFrom: number;
  readonly frames: readonly TargetFrame<R>[];
}

/** Groups requests by the frame shown at their time; requests past the last frame come back apart. */
export function groupByFrame<R extends { readonly time: number }>(
  clock: FrameClock,
  requests: readonly R[],
): { frames: TargetFrame<R>[]; pastEnd: R[] } {
  const byIndex = new Map<number, R[]>();
  const pastEnd: R[] = [];
  for (const request of requests) {
    const index = Number.isFinite(request.time) ? clock.frameAtOrAfter(request.time) : clock.frameCount;
    if (index >= clock.frameCount) pastEnd.push(request);
    else byIndex.set(index, [...(byIndex.get(index) ?? []), request]);
  }
  const frames = [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, grouped]) => ({ index, requests: grouped }));
  return { frames, pastEnd };
}

/** Frames a span decodes. */
export function spanFrames(span: DecodeSpan<unknown>): number {
  return span.frames[span.frames.length - 1].index - span.decodeFrom + 1;
}

/**
 * Decode passes for the select strategy: the stretch from the first target's keyframe to the last
 * target cut into `chunks` equal parts (run in parallel), each part cut again where a gap between
 * targets is dearer to decode than a new process, and where it holds too many frames for one
 * command line.
 */
export function selectSpans<R>(clock: FrameClock, frames: readonly TargetFrame<R>[], chunks: number): DecodeSpan<R>[] {
  if (!frames.length) return [];
  const start = clock.decodeStart(frames[0].index);
  const length = frames[frames.length - 1].index - start + 1;
  const parts = Math.max(1, Math.min(chunks, frames.length));
  const groups: TargetFrame<R>[][] = Array.from({ length: parts }, () => []);
  for (const frame of frames)
    groups[Math.min(parts - 1, Math.floor(((frame.index - start) * parts) / length))].push(frame);

  const decodeSeconds = frameDecodeSeconds(clock.probe);
  const spans: DecodeSpan<R>[] = [];
  for (const group of groups.filter((g) => g.length)) {
    let current: TargetFrame<R>[] = [];
    for (const frame of group) {
      const previous = current[current.length - 1];
      const skippable = previous ? clock.decodeStart(frame.index) - previous.index - 1 : 0;
      if (previous && (skippable * decodeSeconds > GAP_SPLIT_SECONDS || current.length >= MAX_FRAMES_PER_SELECT)) {
        spans.push(toSpan(clock, current));
        current = [];
      }
      current.push(frame);
    }
    spans.push(toSpan(clock, current));
  }
  return spans;
}

/** Seeking inputs: one per keyframe, covering every target that decodes from it. */
export function seekSpans<R>(clock: FrameClock, frames: readonly TargetFrame<R>[]): DecodeSpan<R>[] {
  const spans: DecodeSpan<R>[] = [];
  let current: TargetFrame<R>[] = [];
  for (const frame of frames) {
    if (current.length && clock.decodeStart(frame.index) !== clock.decodeStart(current[0].index)) {
      spans.push(toSpan(clock, current));
      current = [];
    }
    current.push(frame);
  }
  if (current.length) spans.push(toSpan(clock, current));
  return spans;
}

/**
 * Seek spans in processes of at most `seeksPerProcess` inputs, as evenly filled as possible (so
 * that processes take about as long as each other); a process also writes at most
 * MAX_OUTPUTS_PER_SEEK_PROCESS frames, which bounds its command line.
 */
export function seekBatches<R>(spans: readonly DecodeSpan<R>[], seeksPerProcess: number): DecodeSpan<R>[][] {
  const batches: DecodeSpan<R>[][] = [];
  for (const batch of evenParts(spans, Math.ceil(spans.length / Math.max(1, seeksPerProcess)))) {
    const outputs = batch.reduce((total, span) => total + span.frames.length, 0);
    batches.push(...evenParts(batch, Math.min(batch.length, Math.ceil(outputs / MAX_OUTPUTS_PER_SEEK_PROCESS))));
  }
  return batches;
}

/** `items` in `parts` consecutive runs whose lengths differ by at most one. */
function evenParts<T>(items: readonly T[], parts: number): T[][] {
  const runs: T[][] = [];
  let start = 0;
  for (let part = 0; part < parts; part++) {
    const length = Math.floor(items.length / parts) + (part < items.length % parts ? 1 : 0);
    runs.push(items.slice(start, start + length));
    start += length;
  }
  return runs.filter((run) => run.length);
}

function toSpan<R>(clock: FrameClock, frames: TargetFrame<R>[]): DecodeSpan<R> {
  return { decodeFrom: clock.decodeStart(frames[0].index), frames };
}
