import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildTemporalModel, DEFAULT_RECIPES, type TcnModel, type TemporalRecipe } from './selectTemporalModel';
import type { Conv1d } from './tcn';
import { describeTemporalModel, type PhaseStatistics, type TemporalModel } from './types';

/** What a run stores in temporal.json and its users read back. */
export interface RunTemporal {
  readonly model: TemporalModel;
  readonly name: string;
  /** Classes of frames in no annotated segment (not segments); empty for phases that cover the video. */
  readonly background: readonly string[];
  /** Phase statistics of the run's training videos: lets a user pick another kind than the chosen one. */
  readonly statistics?: PhaseStatistics;
  /** The temporal convolution network trained with the run, when it had enough held-out videos. */
  readonly tcn?: TcnModel;
  /** The candidates as they scored on the held-out videos, best first. */
  readonly candidates: ReadonlyArray<{ readonly recipe: TemporalRecipe; readonly score: number }>;
}

/** What a user can ask for instead of the run's choice (CLI --temporal, setting prediction.temporalModel). */
export type TemporalChoice = 'run' | 'frame' | 'smoothing' | 'hmm' | 'tcn';
export const TEMPORAL_CHOICES: readonly TemporalChoice[] = ['run', 'frame', 'smoothing', 'hmm', 'tcn'];

/**
 * The model for a choice: the run's own, frame-only, or the best-scoring candidate of a kind (its
 * first recipe when the run did not score them). Undefined when the run cannot give that kind.
 */
export function temporalForChoice(
  run: RunTemporal | undefined,
  choice: TemporalChoice,
): { model: TemporalModel; name: string } | undefined {
  if (choice === 'frame') return { model: { kind: 'frame' }, name: 'frame only' };
  if (!run)
    return choice === 'run'
      ? { model: { kind: 'frame' }, name: 'frame only (the run has no temporal model)' }
      : undefined;
  if (choice === 'run') return { model: run.model, name: run.name };
  if (run.model.kind === choice) return { model: run.model, name: run.name };
  if (choice === 'tcn') return run.tcn && { model: run.tcn, name: describeTemporalModel(run.tcn) };
  if (!run.statistics) return undefined;
  const scored = [...run.candidates].filter((c) => c.recipe.kind === choice).sort((a, b) => b.score - a.score);
  const recipe = scored[0]?.recipe ?? DEFAULT_RECIPES.find((r) => r.kind === choice);
  if (!recipe) return undefined;
  const model = buildTemporalModel(recipe, run.statistics);
  return { model, name: describeTemporalModel(model) };
}

export const TEMPORAL_FILE = 'temporal.json';

/**
 * The temporal model of a run; undefined for a run trained before runs had one (its users fall back
 * to frame-only). A file that is there but damaged is an error that names it.
 */
export async function readRunTemporal(runDir: string): Promise<RunTemporal | undefined> {
  const file = path.join(runDir, TEMPORAL_FILE);
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `${file} is not JSON (${(error as Error).message}). Train the run again to rewrite it, or delete it to ` +
        'use frame-only predictions.',
      { cause: error },
    );
  }
  const parsed = parseRunTemporal(value);
  if (!parsed)
    throw new Error(
      `${file} does not hold a temporal model (model.kind frame, smoothing or hmm with its parameters). Train ` +
        'the run again to rewrite it, or delete it to use frame-only predictions.',
    );
  return parsed;
}

export function parseRunTemporal(value: unknown): RunTemporal | undefined {
  if (!isObject(value) || !isTemporalModel(value.model)) return undefined;
  const background =
    Array.isArray(value.background) && value.background.every((b) => typeof b === 'string')
      ? (value.background as string[])
      : [];
  const statistics = isStatistics(value.statistics) ? value.statistics : undefined;
  const candidates = Array.isArray(value.candidates)
    ? value.candidates.flatMap((c: unknown) =>
        isObject(c) && isRecipe(c.recipe) && isFinite(c.score) ? [{ recipe: c.recipe, score: c.score }] : [],
      )
    : [];
  const tcn = isTemporalModel(value.tcn) && value.tcn.kind === 'tcn' ? value.tcn : undefined;
  return {
    model: value.model,
    name: describeTemporalModel(value.model),
    background,
    ...(statistics ? { statistics } : {}),
    ...(tcn ? { tcn } : {}),
    candidates,
  };
}

export function isTemporalModel(value: unknown): value is TemporalModel {
  if (!isObject(value)) return false;
  switch (value.kind) {
    case 'frame':
      return true;
    case 'smoothing':
      return isPositive(value.windowSeconds);
    case 'hmm':
      return isPositive(value.emissionWeight) && isFinite(value.priorCorrection) && isStatistics(value.statistics);
    case 'tcn':
      return (
        Array.isArray(value.classes) &&
        value.classes.length > 0 &&
        value.classes.every((c) => typeof c === 'string') &&
        isPositive(value.stepSeconds) &&
        isTcnParameters(value.parameters, value.classes.length)
      );
    default:
      return false;
  }
}

/** Every layer's shapes agree: classes → channels → … → classes, and the weight arrays have their sizes. */
function isTcnParameters(value: unknown, classes: number): boolean {
  if (!isObject(value) || !Array.isArray(value.layers)) return false;
  const input = asConv(value.input);
  const output = asConv(value.output);
  if (!input || !output || input.inputs !== classes || output.outputs !== classes || output.inputs !== input.outputs)
    return false;
  const channels = input.outputs;
  return value.layers.every((layer: unknown) => {
    if (!isObject(layer)) return false;
    const dilated = asConv(layer.dilated);
    const pointwise = asConv(layer.pointwise);
    return (
      !!dilated &&
      !!pointwise &&
      dilated.inputs === channels &&
      dilated.outputs === channels &&
      pointwise.inputs === channels &&
      pointwise.outputs === channels
    );
  });
}

function asConv(value: unknown): Conv1d | undefined {
  if (!isObject(value)) return undefined;
  const { kernel, inputs, outputs, dilation, weights, bias } = value;
  const whole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (!whole(kernel) || kernel % 2 === 0 || !whole(inputs) || !whole(outputs) || !whole(dilation)) return undefined;
  if (!Array.isArray(weights) || weights.length !== kernel * inputs * outputs || !weights.every(isFinite))
    return undefined;
  if (!Array.isArray(bias) || bias.length !== outputs || !bias.every(isFinite)) return undefined;
  return { kernel, inputs, outputs, dilation, weights, bias };
}

function isRecipe(value: unknown): value is TemporalRecipe {
  if (!isObject(value)) return false;
  if (value.kind === 'frame' || value.kind === 'tcn') return true;
  if (value.kind === 'smoothing') return isPositive(value.shareOfPhase);
  return value.kind === 'hmm' && isPositive(value.emissionWeight) && isFinite(value.priorCorrection);
}

function isStatistics(value: unknown): value is PhaseStatistics {
  if (!isObject(value) || !Array.isArray(value.classes) || !value.classes.every((c) => typeof c === 'string'))
    return false;
  const n = value.classes.length;
  const vector = (v: unknown) => Array.isArray(v) && v.length === n && v.every(isFinite);
  return (
    n > 0 &&
    vector(value.initial) &&
    vector(value.final) &&
    vector(value.priors) &&
    vector(value.meanDurationSeconds) &&
    Array.isArray(value.transitions) &&
    value.transitions.length === n &&
    value.transitions.every(vector) &&
    isFinite(value.videos)
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isFinite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isPositive = (value: unknown): value is number => isFinite(value) && value > 0;
