import * as path from 'node:path';
import type { ManifestRow } from '../core/frames/manifest';
import { datasetStep, framesByVideo, phaseSequence, type VideoFrames } from '../core/temporal/manifestPhases';
import { phaseStatistics, withHeadPriors } from '../core/temporal/phaseStatistics';
import { TEMPORAL_FILE } from '../core/temporal/runTemporalModel';
import {
  buildTemporalModel,
  selectTemporalModel,
  type SelectionVideo,
  type TcnModel,
  type TemporalSelection,
} from '../core/temporal/selectTemporalModel';
import { describeTemporalModel, type PhaseStatistics, type TemporalModel } from '../core/temporal/types';
import { writeJson } from '../core/training/runFolder';
import type { SplitTensors } from './datasetTensors';
import { tf } from './tfjs';
import { trainTcn } from './trainTcn';

/** Trains a head like the run's on some training items; resolves to features → probabilities. */
export type FoldTrainer = (x: tf.Tensor, y: tf.Tensor2D) => Promise<tf.LayersModel>;

export interface ChosenTemporalModel {
  readonly model: TemporalModel;
  /** Where the held-out predictions came from, in words for the log and temporal.json. */
  readonly basis: string;
  readonly selection: TemporalSelection | undefined;
  /** Statistics of every training and validation video: what the chosen model decodes with. */
  readonly statistics: PhaseStatistics;
  /** The temporal convolution network trained on every held-out video (absent without two of them). */
  readonly tcn?: TcnModel;
}

/** At most this many folds of training videos: each fold trains one more head. */
const MAX_FOLDS = 5;

/**
 * Picks the run's temporal model on videos the classifier did not learn from: the validation videos
 * when there are at least two, else out-of-fold predictions over the training videos (k-fold by
 * video, a head per fold trained like the run's), with any validation video added. Each held-out
 * video is decoded with phase statistics that leave it out, and the TCN candidate is trained on the
 * other held-out videos' scores. Without two held-out videos (or when fine-tuned blocks make extra
 * folds too costly) the HMM with neutral settings is used unchosen.
 */
export async function chooseTemporalModel(input: {
  readonly classes: readonly string[];
  readonly train: SplitTensors;
  readonly validation: SplitTensors | undefined;
  readonly validationHead: tf.LayersModel;
  readonly trainFold: FoldTrainer | undefined;
  readonly background: readonly string[];
  /** Training items per class and the class weights of the head: its scores are posteriors under these shares. */
  readonly trainCounts: readonly number[];
  readonly classWeight: Readonly<Record<number, number>> | undefined;
  /** After each fold head: they are the slow part. */
  readonly onFold?: (done: number, total: number) => void;
  readonly shouldStop?: () => boolean;
}): Promise<ChosenTemporalModel> {
  const { classes } = input;
  const trainVideos = framesByVideo(input.train.rows.filter((_, i) => !input.train.augmented[i]));
  const validationVideos = input.validation ? framesByVideo(input.validation.rows) : [];
  const everyVideo = [...trainVideos, ...validationVideos];
  const step = datasetStep(everyVideo);
  const sequences = new Map(everyVideo.map((v) => [v.videoId, phaseSequence(v, step)]));
  const statisticsWithout = (left: ReadonlySet<string>): PhaseStatistics =>
    withHeadPriors(
      phaseStatistics(
        classes,
        everyVideo.filter((v) => !left.has(v.videoId)).map((v) => sequences.get(v.videoId)!),
      ),
      input.trainCounts,
      input.classWeight,
    );
  const statistics = statisticsWithout(new Set());

  const held: SelectionVideo[] = [];
  let basis: string;
  const validationPredictions = input.validation ? await predictRows(input.validationHead, input.validation.x) : [];
  const fromValidation = (video: VideoFrames): SelectionVideo =>
    selectionVideo(
      video,
      classes,
      validationPredictions,
      input.validation!.rows,
      step,
      statisticsWithout(new Set([video.videoId])),
    );
  if (validationVideos.length >= 2 || !input.trainFold || trainVideos.length < 2) {
    held.push(...validationVideos.map(fromValidation));
    basis = `${validationVideos.length} validation video(s)`;
  } else {
    const folds = Math.min(MAX_FOLDS, trainVideos.length);
    for (let f = 0; f < folds; f++) {
      const fold = new Set(trainVideos.filter((_, k) => k % folds === f).map((v) => v.videoId));
      const inFold = input.train.rows.map((row) => fold.has(String(row.videoId)));
      const keep = indices(inFold, false);
      const heldOut = indices(inFold, true).filter((i) => !input.train.augmented[i]);
      const x = tf.gather(input.train.x, keep);
      const y = tf.gather(input.train.y, keep) as tf.Tensor2D;
      const head = await input.trainFold(x, y);
      tf.dispose([x, y]);
      const heldX = tf.gather(input.train.x, heldOut);
      const scores = await predictRows(head, heldX);
      heldX.dispose();
      head.dispose();
      const rows = heldOut.map((i) => input.train.rows[i]);
      for (const video of framesByVideo(rows))
        held.push(selectionVideo(video, classes, scores, rows, step, statisticsWithout(new Set([video.videoId]))));
      input.onFold?.(f + 1, folds);
    }
    held.push(...validationVideos.map(fromValidation));
    basis =
      `out-of-fold predictions of ${trainVideos.length} training videos (${folds} ` +
      `folds)${validationVideos.length ? ` and ${validationVideos.length} validation video(s)` : ''}`;
  }
  if (held.length < 2) {
    return {
      model: buildTemporalModel({ kind: 'hmm', emissionWeight: 0.5, priorCorrection: 1 }, statistics),
      basis: `not chosen: ${held.length} held-out video(s), at least 2 are needed`,
      selection: undefined,
      statistics,
    };
  }
  // The network learns from held-out scores too: one per group of held-out videos (trained on the
  // others) to be judged, and one on all of them for the run.
  const groups = Math.min(MAX_FOLDS, held.length);
  const tcnOf = (videos: readonly SelectionVideo[], seed: number): Promise<TcnModel> =>
    trainRunTcn(videos, classes, step, seed, input.shouldStop);
  const judged: SelectionVideo[] = [];
  for (let g = 0; g < groups; g++) {
    const tcn = await tcnOf(
      held.filter((_, k) => k % groups !== g),
      g,
    );
    judged.push(...held.filter((_, k) => k % groups === g).map((video) => ({ ...video, tcn })));
  }
  const tcn = await tcnOf(held, groups);
  const selection = selectTemporalModel(judged, undefined, input.background);
  return { model: buildTemporalModel(selection.chosen.recipe, statistics, tcn), basis, selection, statistics, tcn };
}

async function trainRunTcn(
  videos: readonly SelectionVideo[],
  classes: readonly string[],
  stepSeconds: number,
  seed: number,
  shouldStop: (() => boolean) | undefined,
): Promise<TcnModel> {
  const index = new Map(classes.map((c, i) => [c, i]));
  const parameters = await trainTcn(
    videos.map((v) => ({ scores: v.predictions.scores, truth: v.truth.map((label) => index.get(label) ?? 0) })),
    { classes: classes.length, seed, shouldStop },
  );
  return { kind: 'tcn', classes: [...classes], stepSeconds, parameters };
}

/** Writes <run>/temporal.json (what readRunTemporal reads back), logs the choice; resolves to the model's name. */
export async function saveTemporalModel(
  runDir: string,
  chosen: ChosenTemporalModel,
  background: readonly string[],
  log: (level: 'info', message: string) => void,
): Promise<string> {
  const name = describeTemporalModel(chosen.model);
  log('info', `Temporal model: ${name}, chosen on ${chosen.basis}`);
  for (const c of chosen.selection?.candidates ?? [])
    log(
      'info',
      `  ${c.name}: accuracy ${(c.summary.mean.frameAccuracy * 100).toFixed(1)} %, edit ` +
        `${c.summary.mean.editScore.toFixed(1)}, F1@25 ${c.summary.mean.f1At25.toFixed(1)} (mean over held-out ` +
        'videos)',
    );
  await writeJson(path.join(runDir, TEMPORAL_FILE), {
    version: 1,
    model: chosen.model,
    name,
    basis: chosen.basis,
    background,
    statistics: chosen.statistics,
    ...(chosen.tcn ? { tcn: chosen.tcn } : {}),
    candidates:
      chosen.selection?.candidates.map((c) => ({
        name: c.name,
        recipe: c.recipe,
        score: c.score,
        mean: c.summary.mean,
        pooled: c.summary.pooled,
      })) ?? [],
  });
  return name;
}

function selectionVideo(
  video: VideoFrames,
  classes: readonly string[],
  scores: readonly number[][],
  rows: readonly ManifestRow[],
  step: number,
  statistics: PhaseStatistics,
): SelectionVideo {
  const position = new Map(rows.map((row, i) => [row, i]));
  return {
    videoId: video.videoId,
    predictions: {
      classes,
      times: video.rows.map((r) => r.time),
      scores: video.rows.map((r) => scores[position.get(r)!]),
    },
    truth: video.rows.map((r) => r.class),
    stepSeconds: step,
    statistics,
  };
}

async function predictRows(model: tf.LayersModel, x: tf.Tensor): Promise<number[][]> {
  if (x.shape[0] === 0) return [];
  const output = model.predict(x, { batchSize: 256 }) as tf.Tensor2D;
  const scores = (await output.array()) as number[][];
  output.dispose();
  return scores;
}

const indices = (flags: readonly boolean[], wanted: boolean): number[] =>
  flags.flatMap((flag, i) => (flag === wanted ? [i] : []));
