import { segmentationScores, summarizeSegmentation, type SegmentationSummary } from '../metrics/segmentation';
import type { FramePredictions } from '../predictions/types';
import { applyTemporalModel } from './applyTemporalModel';
import { describeTemporalModel, type PhaseStatistics, type TemporalModel } from './types';

/** A temporal model waiting for the phase statistics it is decoded with. */
export type TemporalRecipe =
  | { readonly kind: 'frame' }
  /**
   * Window as a share of the median mean phase duration: the same recipe fits 1-s and 4-s steps, short and long phases.
   */
  | { readonly kind: 'smoothing'; readonly shareOfPhase: number }
  | { readonly kind: 'hmm'; readonly emissionWeight: number; readonly priorCorrection: number }
  /** Trained, not built: the network comes with the videos (SelectionVideo.tcn) or the run. */
  | { readonly kind: 'tcn' };

export type TcnModel = Extract<TemporalModel, { kind: 'tcn' }>;

/** Candidates, simplest first: on a tie the simpler one wins. */
export const DEFAULT_RECIPES: readonly TemporalRecipe[] = [
  { kind: 'frame' },
  ...[0.05, 0.1, 0.2, 0.4].map((shareOfPhase) => ({ kind: 'smoothing' as const, shareOfPhase })),
  // Scores are divided by the class shares the head was trained on (priorCorrection 1, see withHeadPriors):
  // only how far to trust the frames is chosen. Strongest prior first: among HMMs that tie, the one
  // that changes phase least wins (a confident lone frame is more often a glimpse than a phase).
  ...[0.25, 0.5, 1].map((emissionWeight) => ({ kind: 'hmm' as const, emissionWeight, priorCorrection: 1 })),
  { kind: 'tcn' },
];

/** The model of a recipe; a 'tcn' recipe needs its trained network. */
export function buildTemporalModel(recipe: TemporalRecipe, statistics: PhaseStatistics, tcn?: TcnModel): TemporalModel {
  switch (recipe.kind) {
    case 'tcn':
      if (!tcn) throw new Error('A temporal convolution network must be trained before it can be used.');
      return tcn;
    case 'frame':
      return { kind: 'frame' };
    case 'smoothing':
      return { kind: 'smoothing', windowSeconds: recipe.shareOfPhase * median(statistics.meanDurationSeconds) };
    case 'hmm':
      return {
        kind: 'hmm',
        statistics,
        emissionWeight: recipe.emissionWeight,
        priorCorrection: recipe.priorCorrection,
      };
  }
}

/** A video the classifier did not learn from, with the statistics of the videos it did learn from. */
export interface SelectionVideo {
  readonly videoId: string;
  readonly predictions: FramePredictions;
  /** True class of each frame. */
  readonly truth: readonly string[];
  readonly stepSeconds: number;
  /** Phase statistics that leave this video out. */
  readonly statistics: PhaseStatistics;
  /** A temporal convolution network trained on the other held-out videos, when one was trained. */
  readonly tcn?: TcnModel;
}

export interface CandidateResult {
  readonly name: string;
  readonly recipe: TemporalRecipe;
  readonly summary: SegmentationSummary;
  /** Mean of frame accuracy (%), edit and F1@{10,25,50} over the videos: what the choice maximises. */
  readonly score: number;
}

export interface TemporalSelection {
  readonly chosen: CandidateResult;
  readonly candidates: CandidateResult[];
}

/** Frame accuracy and the segmental metrics weigh alike: a choice must keep phases right and whole. */
export function selectionScore(summary: SegmentationSummary): number {
  const m = summary.mean;
  return (m.frameAccuracy * 100 + m.editScore + m.f1At10 + m.f1At25 + m.f1At50) / 5;
}

/** Scores every recipe on the held-out videos and keeps the best. */
export function selectTemporalModel(
  videos: readonly SelectionVideo[],
  recipes: readonly TemporalRecipe[] = DEFAULT_RECIPES,
  background: readonly string[] = [],
): TemporalSelection {
  if (!videos.length) throw new Error('Choosing a temporal model needs at least one held-out video.');
  // The network competes only where every video has one that did not learn from it.
  const usable = videos.every((v) => v.tcn) ? recipes : recipes.filter((r) => r.kind !== 'tcn');
  const candidates = usable.map((recipe): CandidateResult => {
    const perVideo = videos.map((video) => {
      const model = buildTemporalModel(recipe, video.statistics, video.tcn);
      const decoded = applyTemporalModel(video.predictions, model, video.stepSeconds);
      return segmentationScores(
        video.truth,
        decoded.classes.map((c) => video.predictions.classes[c]),
        { background },
      );
    });
    const summary = summarizeSegmentation(perVideo);
    return {
      name: describeTemporalModel(buildTemporalModel(recipe, videos[0].statistics, videos[0].tcn)),
      recipe,
      summary,
      score: selectionScore(summary),
    };
  });
  const chosen = candidates.reduce((best, c) => (c.score > best.score + 1e-9 ? c : best));
  return { chosen, candidates };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length ? (sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2) : 1;
}
