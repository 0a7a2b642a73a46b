import type { SegmentationSummary, VideoFigures } from '../../shared/dashboardProtocol';
/**
 * Temporal action segmentation metrics over per-frame label sequences, defined as the field's reference code
 * defines them: frame accuracy, segmental edit score and F1@{10,25,50} as in ms-tcn `eval.py` (itself adapted from
 * colincsl/TemporalConvolutionalNetworks `code/metrics.py`), and the relaxed-boundary figures of the Cholec80 /
 * M2CAI16 workflow challenge script `Evaluate.m`. Every figure is a finite number, so results serialise to JSON.
 */

export interface SegmentationOptions {
  /** Labels left out of segments for edit and F1 (ms-tcn's bg_class); frame accuracy still counts them. Default []. */
  readonly background?: readonly string[];
}

/** A maximal run of one label: frame indices, `end` exclusive. */
export interface LabelRun {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

export interface F1Counts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
}

/** Frame-wise figures of one class, 0-1. */
export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly jaccard: number;
  /** Frames whose true label is this class. */
  readonly support: number;
  /** Frames predicted as this class. */
  readonly predicted: number;
  /** Frames both true and predicted as this class. */
  readonly tp: number;
}

/**
 * One video's figures (the protocol's VideoFigures, 0–1 accuracies, 0–100 edit and F1), plus what pooling and tables
 * need.
 */
export interface VideoSegmentation extends VideoFigures {
  /** Segment counts behind each F1, kept so that a test set can be pooled as ms-tcn does. */
  readonly counts: { readonly at10: F1Counts; readonly at25: F1Counts; readonly at50: F1Counts };
  /** Every label that is true or predicted somewhere (background labels included), in order of first appearance. */
  readonly perClass: Record<string, ClassScores>;
}

/** Mean over videos and pooled (ms-tcn eval.py): src/shared/dashboardProtocol.ts says what each does. */
export type { SegmentationSummary };

export interface RelaxedOptions {
  /** The phases in surgical order; "previous" and "next" phase refer to this order. */
  readonly phaseOrder: readonly string[];
  /** Tolerance around each true phase boundary, in frames (Evaluate.m uses 10 s, i.e. 10 * fps). */
  readonly windowFrames: number;
  /**
   * Also apply Evaluate.m's Cholec80-specific tolerances, by 1-based position in `phaseOrder` (Cholec80 order:
   * 4 GallbladderDissection, 5 GallbladderPackaging, 6 CleaningCoagulation, 7 GallbladderRetraction), where the
   * workflow may jump: at the end of phases 4-7 the phase two ahead is tolerated too, and at the start of phases
   * 6-7 the phase two behind. Default false: only the general previous/next rule.
   */
  readonly cholec80Cases?: boolean;
}

export interface RelaxedScores {
  /** 0-1: share of frames that are correct after the boundary tolerance. */
  readonly frameAccuracy: number;
  /** Phases of `phaseOrder` that occur in the truth (Evaluate.m gives the others NaN and leaves them out of means). */
  readonly perClass: Record<string, { precision: number; recall: number; jaccard: number }>;
}

/**
 * Maximal runs of equal labels, background runs removed (ms-tcn get_labels_start_end_time, which also accepts empty
 * input here).
 */
export function labelRuns(labels: readonly string[], background: readonly string[] = []): LabelRun[] {
  const runs: LabelRun[] = [];
  let start = 0;
  for (let i = 1; i <= labels.length; i++) {
    if (i < labels.length && labels[i] === labels[start]) continue;
    if (!background.includes(labels[start])) runs.push({ label: labels[start], start, end: i });
    start = i;
  }
  return runs;
}

/** Segmental edit score, 0-100: (1 - levenshtein / max(run counts)) * 100 over the run label sequences. */
export function editScore(
  truth: readonly string[],
  predicted: readonly string[],
  options: SegmentationOptions = {},
): number {
  checkLengths(truth, predicted);
  const t = labelRuns(truth, options.background).map((r) => r.label);
  const p = labelRuns(predicted, options.background).map((r) => r.label);
  const longer = Math.max(t.length, p.length);
  // eval.py divides 0 by 0 here; two sequences with no segments have nothing to edit.
  return longer === 0 ? 100 : (1 - levenshtein(p, t) / longer) * 100;
}

/**
 * Segment counts of ms-tcn f_score at IoU threshold `overlap` (0 < overlap <= 1). Each predicted run, in frame
 * order, is matched to the same-label true run of highest IoU (the first on ties): TP if that IoU >= overlap and the
 * true run is not used yet, else FP, even when another unused true run would have qualified. FN = true runs never used.
 * eval.py's argmax may land on a run of another label, but only with IoU <= 0, which is an FP for any overlap > 0,
 * so comparing same-label runs alone gives the same counts.
 */
export function f1Counts(
  truth: readonly string[],
  predicted: readonly string[],
  overlap: number,
  options: SegmentationOptions = {},
): F1Counts {
  checkLengths(truth, predicted);
  if (!(overlap > 0 && overlap <= 1)) throw new RangeError(`overlap must be in (0, 1], got ${overlap}`);
  const trueRuns = labelRuns(truth, options.background);
  const used = new Array<boolean>(trueRuns.length).fill(false);
  let tp = 0;
  let fp = 0;
  for (const run of labelRuns(predicted, options.background)) {
    const best = bestMatch(run, trueRuns);
    if (best && best.iou >= overlap && !used[best.index]) {
      used[best.index] = true;
      tp++;
    } else {
      fp++;
    }
  }
  return { tp, fp, fn: used.filter((u) => !u).length };
}

/** F1 in 0-100 from segment counts; 0 where precision or recall is undefined (eval.py's nan_to_num). */
export function f1FromCounts(c: F1Counts): number {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return harmonicMean(precision, recall) * 100;
}

/** Every per-video figure: frame-wise, segmental and per-class. */
export function segmentationScores(
  truth: readonly string[],
  predicted: readonly string[],
  options: SegmentationOptions = {},
): VideoSegmentation {
  checkLengths(truth, predicted);
  const correct = truth.filter((label, i) => label === predicted[i]).length;
  const counts = {
    at10: f1Counts(truth, predicted, 0.1, options),
    at25: f1Counts(truth, predicted, 0.25, options),
    at50: f1Counts(truth, predicted, 0.5, options),
  };
  const perClass = perClassScores(truth, predicted);
  const present = Object.values(perClass).filter((s) => s.support > 0);
  return {
    frames: truth.length,
    correct,
    frameAccuracy: ratio(correct, truth.length),
    editScore: editScore(truth, predicted, options),
    f1At10: f1FromCounts(counts.at10),
    f1At25: f1FromCounts(counts.at25),
    f1At50: f1FromCounts(counts.at50),
    counts,
    perClass,
    macroF1: mean(present.map((s) => harmonicMean(s.precision, s.recall))),
    majorityBaseline: ratio(Math.max(0, ...present.map((s) => s.support)), truth.length),
  };
}

/** Both aggregations of per-video results; see SegmentationSummary for what each does. No videos: all 0. */
export function summarizeSegmentation(videos: readonly VideoSegmentation[]): SegmentationSummary {
  const meanOf = (pick: (v: VideoSegmentation) => number): number => mean(videos.map(pick));
  const pooledF1 = (pick: (v: VideoSegmentation) => F1Counts): number => f1FromCounts(sumCounts(videos.map(pick)));
  const editScore = meanOf((v) => v.editScore);
  return {
    videos: videos.length,
    mean: {
      frameAccuracy: meanOf((v) => v.frameAccuracy),
      editScore,
      f1At10: meanOf((v) => v.f1At10),
      f1At25: meanOf((v) => v.f1At25),
      f1At50: meanOf((v) => v.f1At50),
      macroF1: meanOf((v) => v.macroF1),
      majorityBaseline: meanOf((v) => v.majorityBaseline),
    },
    pooled: {
      frameAccuracy: ratio(sum(videos.map((v) => v.correct)), sum(videos.map((v) => v.frames))),
      editScore,
      f1At10: pooledF1((v) => v.counts.at10),
      f1At25: pooledF1((v) => v.counts.at25),
      f1At50: pooledF1((v) => v.counts.at50),
    },
  };
}

/**
 * Cholec80 relaxed-boundary accuracy and per-phase figures, after Evaluate.m of the Cholec80 / M2CAI16 workflow
 * challenge (read in YuemingJin/TMRNet code/eval/result/matlab-eval/Evaluate.m).
 *
 * In each true run of a phase, with t = min(windowFrames, run length): a frame among the first t predicted as the
 * previous phase in `phaseOrder` counts as correct (late transition), and so does a frame among the last t predicted
 * as the next phase (early transition); `cholec80Cases` adds the script's extra cases. Truth labels outside
 * `phaseOrder` get no tolerance.
 *
 * Deliberate difference: Evaluate.m's early-transition line tests the last t frames but, through MATLAB's short
 * logical index, zeroes the first t (reported by I. Funke, TMRNet issue #8). This applies the rule the script states.
 *
 * Per phase, as Evaluate.m computes them: tp = relaxed-correct frames among those true or predicted as the phase,
 * jaccard = tp / that union, precision = tp / predicted frames, recall = tp / true frames. A tolerated frame thus
 * counts for both its true and its predicted phase, so relaxed precision and recall can exceed 1. Where the script
 * would divide by zero this returns 0.
 */
export function relaxedBoundaryScores(
  truth: readonly string[],
  predicted: readonly string[],
  options: RelaxedOptions,
): RelaxedScores {
  checkLengths(truth, predicted);
  const { windowFrames } = options;
  if (!Number.isInteger(windowFrames) || windowFrames < 0)
    throw new RangeError(`windowFrames must be a non-negative integer, got ${windowFrames}`);
  const correct = relaxedCorrect(truth, predicted, options);
  const perClass: Record<string, { precision: number; recall: number; jaccard: number }> = {};
  for (const phase of options.phaseOrder) {
    let union = 0;
    let tp = 0;
    let support = 0;
    let predictedCount = 0;
    truth.forEach((label, i) => {
      const isTrue = label === phase;
      const isPredicted = predicted[i] === phase;
      if (isTrue) support++;
      if (isPredicted) predictedCount++;
      if (isTrue || isPredicted) {
        union++;
        if (correct[i]) tp++;
      }
    });
    if (support > 0)
      perClass[phase] = { precision: ratio(tp, predictedCount), recall: ratio(tp, support), jaccard: ratio(tp, union) };
  }
  return { frameAccuracy: ratio(correct.filter(Boolean).length, truth.length), perClass };
}

/** Whether each frame is correct after the boundary tolerance of relaxedBoundaryScores. */
function relaxedCorrect(truth: readonly string[], predicted: readonly string[], options: RelaxedOptions): boolean[] {
  const position = new Map(options.phaseOrder.map((phase, i) => [phase, i + 1] as const));
  const correct = truth.map((label, i) => label === predicted[i]);
  for (const run of labelRuns(truth)) {
    const phase = position.get(run.label);
    if (phase === undefined) continue;
    const { late, early } = toleratedSteps(phase, options.cholec80Cases ?? false);
    const t = Math.min(options.windowFrames, run.end - run.start);
    for (let i = run.start; i < run.end; i++) {
      const predictedPhase = position.get(predicted[i]);
      if (predictedPhase === undefined) continue;
      const step = predictedPhase - phase;
      if ((i < run.start + t && late.includes(step)) || (i >= run.end - t && early.includes(step))) correct[i] = true;
    }
  }
  return correct;
}

/**
 * Allowed (predicted - true) phase steps at the start (late) and end (early) of a run of the phase at 1-based `phase`.
 */
function toleratedSteps(phase: number, cholec80Cases: boolean): { late: readonly number[]; early: readonly number[] } {
  if (cholec80Cases && (phase === 4 || phase === 5)) return { late: [-1], early: [1, 2] };
  if (cholec80Cases && (phase === 6 || phase === 7)) return { late: [-1, -2], early: [1, 2] };
  return { late: [-1], early: [1] };
}

/** Frame-wise precision, recall and Jaccard of every true or predicted label. */
function perClassScores(truth: readonly string[], predicted: readonly string[]): Record<string, ClassScores> {
  const tally = new Map<string, { support: number; predicted: number; tp: number }>();
  const entry = (label: string) => {
    let e = tally.get(label);
    if (!e) tally.set(label, (e = { support: 0, predicted: 0, tp: 0 }));
    return e;
  };
  truth.forEach((label) => entry(label).support++);
  predicted.forEach((label, i) => {
    const e = entry(label);
    e.predicted++;
    if (label === truth[i]) e.tp++;
  });
  const result: Record<string, ClassScores> = {};
  for (const [label, e] of tally) {
    result[label] = {
      precision: ratio(e.tp, e.predicted),
      recall: ratio(e.tp, e.support),
      jaccard: ratio(e.tp, e.support + e.predicted - e.tp),
      ...e,
    };
  }
  return result;
}

/** The same-label true run of highest IoU with `run` (the first on ties), or undefined when there is none. */
function bestMatch(run: LabelRun, trueRuns: readonly LabelRun[]): { index: number; iou: number } | undefined {
  let best: { index: number; iou: number } | undefined;
  trueRuns.forEach((t, index) => {
    if (t.label !== run.label) return;
    // Negative for disjoint runs, as in eval.py; only the ordering matters.
    const iou =
      (Math.min(run.end, t.end) - Math.max(run.start, t.start)) /
      (Math.max(run.end, t.end) - Math.min(run.start, t.start));
    if (!best || iou > best.iou) best = { index, iou };
  });
  return best;
}

/** Unit-cost insertion/deletion/substitution distance, one row at a time. */
function levenshtein(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? previous[j - 1] : 1 + Math.min(previous[j], row[j - 1], previous[j - 1]);
    }
    previous = row;
  }
  return previous[b.length];
}

function checkLengths(truth: readonly string[], predicted: readonly string[]): void {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} frames but predicted has ${predicted.length}`);
  }
}

function sumCounts(counts: readonly F1Counts[]): F1Counts {
  return {
    tp: sum(counts.map((c) => c.tp)),
    fp: sum(counts.map((c) => c.fp)),
    fn: sum(counts.map((c) => c.fn)),
  };
}

/** a / b, or 0 when b is 0, so that no NaN reaches JSON. */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function harmonicMean(a: number, b: number): number {
  return ratio(2 * a * b, a + b);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

function mean(values: readonly number[]): number {
  return ratio(sum(values), values.length);
}
