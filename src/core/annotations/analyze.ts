import { parseJson } from '../json/parseJson';
import type { JsonParseResult, JsonSyntaxError } from '../json/jsonTree';
import type { Problem, TextEdit } from '../problem';
import { append } from '../util/append';
import { addCounts, type LabelCounts } from './labels';
import { readAnnotationModel, type AnnotationModel } from './model';
import type { AnalysisOptions, RuleContext } from './ruleContext';
import { conflictingLabels } from './rules/conflictingLabels';
import { durationMismatch } from './rules/durationMismatch';
import { duplicateKey } from './rules/duplicateKey';
import { duplicateVideoId } from './rules/duplicateVideoId';
import { invertedSegment } from './rules/invertedSegment';
import { missingVideo } from './rules/missingVideo';
import { mergeAllOverlapsEdits, overlappingSegments } from './rules/overlappingSegments';
import { schemaProblems } from './rules/schema';
import { segmentPastEnd } from './rules/segmentPastEnd';
import { unknownLabel } from './rules/unknownLabel';
import { unsafeVideoId } from './rules/unsafeVideoId';
import { unsafeLabel } from './rules/unsafeLabel';
import { implausibleTime } from './rules/implausibleTime';
import { zeroLengthSegment } from './rules/zeroLengthSegment';

export type { AnalysisOptions } from './ruleContext';

export interface Analysis {
  readonly text: string;
  readonly parse: JsonParseResult;
  /** Undefined when the top level is not an array. */
  readonly model: AnnotationModel | undefined;
  /** Labels used in this file, with their segment counts. */
  readonly fileLabels: LabelCounts;
  readonly problems: readonly Problem[];
}

/** Rules the schema cannot express, in the order their problems are listed. */
export const SEMANTIC_RULES: ReadonlyArray<(context: RuleContext) => Problem[]> = [
  invertedSegment,
  zeroLengthSegment,
  segmentPastEnd,
  overlappingSegments,
  conflictingLabels,
  duplicateVideoId,
  unsafeVideoId,
  unsafeLabel,
  implausibleTime,
  unknownLabel,
  missingVideo,
  durationMismatch,
];

/**
 * Parses once, keeps offsets, and runs every rule: the single core behind the editor and the CLI.
 * Never throws on any input text.
 */
export function analyzeAnnotations(text: string, options: AnalysisOptions = {}): Analysis {
  const parse = parseJson(text);
  const model = readAnnotationModel(parse.root);
  const fileLabels = countLabels(model);
  // The same order as analyzeInWindows (analyzeWindows.ts) lists them in.
  const problems: Problem[] = syntaxProblems(parse.errors, options);
  append(problems, duplicateKey(text, parse.duplicateKeys));
  const labelCounts = new Map(fileLabels);
  if (options.workspaceLabels) addCounts(labelCounts, options.workspaceLabels);
  const context: RuleContext | undefined = model && { text, model, options, labelCounts };
  if (options.reportSchema !== false && parse.root) {
    append(problems, schemaProblems(parse.root, { text, fileLabels }));
  }
  if (context) for (const rule of SEMANTIC_RULES) append(problems, rule(context));
  return { text, parse, model, fileLabels, problems };
}

export function syntaxProblems(errors: readonly JsonSyntaxError[], options: AnalysisOptions): Problem[] {
  const problems: Problem[] = [];
  for (const error of errors) {
    // The parser's own limits are not syntax errors: no other JSON tool reports them.
    if (options.reportSyntax === false && !error.limit) continue;
    problems.push({
      code: 'invalid-json',
      severity: 'error',
      message: error.message,
      span: { offset: error.offset, length: error.length },
    });
  }
  return problems;
}

export function countLabels(model: AnnotationModel | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of model?.entries ?? []) {
    for (const { label } of entry.segments)
      if (label?.value) counts.set(label.value, (counts.get(label.value) ?? 0) + 1);
  }
  return counts;
}

/**
 * Edits that repair every problem of one code in the file, or undefined where that is not safe.
 * Fixes that each touch only their own values combine; merges are planned jointly per array.
 */
export function fixAllEdits(analysis: Analysis, code: Problem['code']): TextEdit[] | undefined {
  if (code === 'overlapping-segments') {
    return analysis.model ? mergeAllOverlapsEdits(analysis.text, analysis.model) : undefined;
  }
  if (!FIX_ALL_SAFE.has(code)) return undefined;
  const edits: TextEdit[] = [];
  for (const problem of analysis.problems) {
    if (problem.code !== code) continue;
    const fix = problem.fixes?.find((candidate) => candidate.preferred);
    if (fix) edits.push(...fix.edits);
  }
  return withoutOverlaps(edits);
}

/** Codes whose preferred fixes edit disjoint values, so that all of them can be applied together. */
const FIX_ALL_SAFE = new Set<Problem['code']>([
  'inverted-segment',
  'segment-past-end',
  'unknown-label',
  'schema',
  'duration-mismatch',
]);

/** Drops any edit that overlaps an earlier one (two fixes for the same value), keeping text order. */
function withoutOverlaps(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const result: TextEdit[] = [];
  let end = -1;
  for (const edit of sorted) {
    if (
      edit.offset < end ||
      (edit.offset === end && edit.length === 0 && result.length && result[result.length - 1].length === 0)
    )
      continue;
    result.push(edit);
    end = edit.offset + edit.length;
  }
  return result;
}

/** Applies non-overlapping edits to a text (for the CLI, tests and previews). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let result = text;
  for (const edit of sorted)
    result = result.slice(0, edit.offset) + edit.newText + result.slice(edit.offset + edit.length);
  return result;
}
