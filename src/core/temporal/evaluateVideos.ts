import type { TemporalEvaluation, VideoFigures } from '../../shared/dashboardProtocol';
import { segmentationScores, summarizeSegmentation, type VideoSegmentation } from '../metrics/segmentation';
import type { FramePredictions } from '../predictions/types';
import type { ManifestRow } from '../frames/manifest';
import { applyTemporalModel } from './applyTemporalModel';
import { datasetStep, framesByVideo } from './manifestPhases';
import type { TemporalModel } from './types';

export interface LabelledVideo {
  readonly videoId: string;
  readonly predictions: FramePredictions;
  /** True class of each scored frame. */
  readonly truth: readonly string[];
  readonly stepSeconds: number;
}

/** evaluation.json's `temporal`, less the model's name and background (the run adds them). */
export type VideosEvaluation = Omit<TemporalEvaluation, 'model' | 'background'>;

/** A dataset's scored frames as videos: each video's frames in time order, its true classes, the dataset's step. */
export function labelledVideos(
  rows: readonly ManifestRow[],
  scores: ReadonlyArray<readonly number[]>,
  classes: readonly string[],
): LabelledVideo[] {
  const videos = framesByVideo(rows.map((row, i) => ({ ...row, scores: scores[i] })));
  const stepSeconds = datasetStep(videos);
  return videos.map((v) => ({
    videoId: v.videoId,
    stepSeconds,
    truth: v.rows.map((r) => r.class),
    predictions: { classes, times: v.rows.map((r) => r.time), scores: v.rows.map((r) => r.scores) },
  }));
}

/** Frame-only and temporal figures of each video and of all of them, side by side. */
export function evaluateVideos(
  videos: readonly LabelledVideo[],
  model: TemporalModel,
  background: readonly string[],
): VideosEvaluation {
  const score = (video: LabelledVideo, chosen: TemporalModel): VideoSegmentation => {
    const decoded = applyTemporalModel(video.predictions, chosen, video.stepSeconds);
    return segmentationScores(
      video.truth,
      decoded.classes.map((c) => video.predictions.classes[c]),
      { background },
    );
  };
  const frameOnly = videos.map((v) => score(v, { kind: 'frame' }));
  const temporal = videos.map((v) => score(v, model));
  return {
    perVideo: videos.map((v, i) => ({
      videoId: v.videoId,
      frameOnly: figures(frameOnly[i]),
      temporal: figures(temporal[i]),
    })),
    frameOnly: summarizeSegmentation(frameOnly),
    temporal: summarizeSegmentation(temporal),
  };
}

/** The per-video figures that go to evaluation.json and the panels (per-class tables left out). */
export function figures(scores: VideoSegmentation): VideoFigures {
  const { perClass: _perClass, counts: _counts, ...rest } = scores;
  return rest;
}
