import { getProperty, nodeEnd, type JsonArray, type JsonNode, type JsonParseResult } from '../json/jsonTree';
import { parseJson } from '../json/parseJson';
import type { Problem } from '../problem';
import { LineIndex } from '../text/lineIndex';
import { append } from '../util/append';
import { analyzeAnnotations, SEMANTIC_RULES, syntaxProblems } from './analyze';
import { addCounts } from './labels';
import { readAnnotationModel, type VideoEntry } from './model';
import type { AnalysisOptions, RuleContext } from './ruleContext';
import { duplicateKey } from './rules/duplicateKey';
import { schemaProblems, videoIdText } from './rules/schema';

/**
 * The size of a window (an entry is never cut). A tree with its model takes ~10x its text: 200 MB
 * of annotations as one tree ran out of memory at 4 GB. Windows of 16 KB of text die young, in the
 * collector's cheap young generation: twice as fast on 200 MB as windows of 1 MB, which it copied
 * and promoted to the old generation before they died.
 */
export interface WindowSize {
  readonly maxEntries: number;
  readonly maxChars: number;
}
export const WINDOW: WindowSize = { maxEntries: 1000, maxChars: 16 << 10 };

/** What rules must know of the whole file before they judge any part of it. */
export interface FileFacts {
  /** Labels with their segment counts (countLabels of the whole file). */
  readonly labels: Map<string, number>;
  /** Whether an entry has this videoId (as videoIdText gives it): a suggested id must be new. */
  readonly videoIdUsed: (id: string) => boolean;
  /** False when the top level is not an array: there are no entries to cut into windows. */
  readonly isArray: boolean;
}

/** First pass: reads the file one window of entries at a time and keeps only its facts. */
export function readFileFacts(text: string, window = WINDOW): FileFacts {
  const labels = new Map<string, number>();
  const { root } = eachWindow(text, window, (items) => addLabels(items, labels));
  return withVideoIds(text, { labels, isArray: root?.type === 'array' }, window);
}

/**
 * The facts of this text from its labels and shape, read before (the CLI keeps only those of each
 * file, not its text). Only an entry without videoId but with a video file asks whether an id is
 * used: the ids are read then, not on every run.
 */
export function withVideoIds(text: string, known: Pick<FileFacts, 'labels' | 'isArray'>, window = WINDOW): FileFacts {
  let videoIds: Set<string> | undefined;
  const videoIdUsed = (id: string): boolean => {
    if (!videoIds) {
      const ids = new Set<string>();
      eachWindow(text, window, (items) => {
        for (const item of items) {
          const written = videoIdText(item);
          if (written !== undefined) ids.add(written);
        }
      });
      videoIds = ids;
    }
    return videoIds.has(id);
  };
  return { labels: known.labels, isArray: known.isArray, videoIdUsed };
}

/**
 * The problems analyzeAnnotations gives, in the same order, while holding one window of entries at
 * a time: for the CLI on files too large to keep as one tree. Two passes: the facts of the whole
 * file (labels, ids), then every rule window by window, each rule's problems kept in its own list.
 */
export function analyzeInWindows(
  text: string,
  options: AnalysisOptions = {},
  facts?: FileFacts,
  window = WINDOW,
): Problem[] {
  const known = facts ?? readFileFacts(text, window);
  if (!known.isArray) return [...analyzeAnnotations(text, options).problems];
  const labelCounts = new Map(known.labels);
  if (options.workspaceLabels) addCounts(labelCounts, options.workspaceLabels);
  const firstVideoIds = new Map<string, Pick<VideoEntry, 'videoId'>>();
  let lines: LineIndex | undefined;
  const lineIndex = (): LineIndex => (lines ??= new LineIndex(text));
  const duplicates: Problem[] = [];
  const schema: Problem[] = [];
  const byRule: Problem[][] = SEMANTIC_RULES.map(() => []);
  const parse = parseJson(text, {
    batches: {
      maxItems: window.maxEntries,
      maxChars: window.maxChars,
      take: ({ items, firstIndex, duplicateKeys }) => {
        append(duplicates, duplicateKey(text, duplicateKeys, lineIndex));
        const root = windowRoot(items);
        if (options.reportSchema !== false) {
          append(
            schema,
            schemaProblems(root, { text, fileLabels: known.labels, firstIndex, videoIdUsed: known.videoIdUsed }),
          );
        }
        const model = readAnnotationModel(root, firstIndex);
        if (!model) return;
        const context: RuleContext = { text, model, options, labelCounts, firstVideoIds };
        SEMANTIC_RULES.forEach((rule, index) => append(byRule[index], rule(context)));
      },
    },
  });
  const problems = syntaxProblems(parse.errors, options);
  for (const list of [duplicates, schema, ...byRule]) append(problems, list);
  return problems;
}

function eachWindow(text: string, window: WindowSize, take: (items: JsonNode[]) => void): JsonParseResult {
  return parseJson(text, {
    batches: { maxItems: window.maxEntries, maxChars: window.maxChars, take: ({ items }) => take(items) },
  });
}

/** countLabels(readAnnotationModel(...)), read straight from the tree: the first pass builds no model. */
function addLabels(items: readonly JsonNode[], labels: Map<string, number>): void {
  for (const item of items) {
    if (item.type !== 'object') continue;
    const annotations = getProperty(item, 'annotations')?.value;
    if (annotations?.type !== 'array') continue;
    for (const segment of annotations.items) {
      const label = segment.type === 'object' ? getProperty(segment, 'label')?.value : undefined;
      if (label?.type === 'string' && label.value) labels.set(label.value, (labels.get(label.value) ?? 0) + 1);
    }
  }
}

/** A window of the top-level array, as an array node of its own. */
function windowRoot(items: JsonNode[]): JsonArray {
  const offset = items[0].offset;
  return { type: 'array', offset, length: nodeEnd(items[items.length - 1]) - offset, items };
}
