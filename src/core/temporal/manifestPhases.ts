import type { ManifestRow } from '../frames/manifest';
import type { PhaseSequence } from './phaseStatistics';

/** The frames of one video of a dataset, in time order. */
export interface VideoFrames<R extends ManifestRow = ManifestRow> {
  readonly videoId: string;
  readonly rows: R[];
}

/** Rows grouped by video (videoId as text), each video's rows by time; videos in first-seen order. */
export function framesByVideo<R extends ManifestRow>(rows: readonly R[]): VideoFrames<R>[] {
  const videos = new Map<string, R[]>();
  for (const row of rows) {
    const key = String(row.videoId);
    let list = videos.get(key);
    if (!list) videos.set(key, (list = []));
    list.push(row);
  }
  return [...videos].map(([videoId, list]) => ({ videoId, rows: list.sort((a, b) => a.time - b.time) }));
}

/**
 * A video's phases as the dataset shows them: runs of one class in time order. A run's length is the
 * annotated length of the segments its frames come from (exact, whatever the step or margin); a
 * background run, which has no segment, lasts from its first frame to one step after its last.
 */
export function phaseSequence(video: VideoFrames, stepSeconds: number): PhaseSequence {
  const segments: Array<{ label: string; seconds: number }> = [];
  let from = 0;
  for (let i = 1; i <= video.rows.length; i++) {
    if (i < video.rows.length && video.rows[i].class === video.rows[from].class) continue;
    const run = video.rows.slice(from, i);
    const annotated = new Map<number, number>();
    for (const row of run)
      if (row.annotation) annotated.set(row.annotation.index, row.annotation.endSeconds - row.annotation.startSeconds);
    const seconds = annotated.size
      ? [...annotated.values()].reduce((a, b) => a + b, 0)
      : run[run.length - 1].time - run[0].time + stepSeconds;
    segments.push({ label: run[0].class, seconds });
    from = i;
  }
  return { segments };
}

/** The dataset's step: the median gap between frames of one video (1 s without any gap). */
export function datasetStep(videos: readonly VideoFrames[]): number {
  const gaps: number[] = [];
  for (const video of videos)
    for (let i = 1; i < video.rows.length; i++) gaps.push(video.rows[i].time - video.rows[i - 1].time);
  gaps.sort((a, b) => a - b);
  return gaps.length ? gaps[Math.floor(gaps.length / 2)] || 1 : 1;
}
