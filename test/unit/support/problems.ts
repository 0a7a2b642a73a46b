import { analyzeAnnotations, type AnalysisOptions } from '../../../src/core/annotations/analyze';
import type { Problem } from '../../../src/core/problem';

/** Problems as `code@text-of-range`, sorted: compact and readable in assertion diffs. */
export function problemKeys(text: string, options: AnalysisOptions = {}): string[] {
  return analyzeAnnotations(text, options)
    .problems.map((p) => `${p.code}@${text.slice(p.span.offset, p.span.offset + p.span.length)}`)
    .sort();
}

export function problemsOf(text: string, code: Problem['code'], options: AnalysisOptions = {}): Problem[] {
  return analyzeAnnotations(text, options).problems.filter((p) => p.code === code);
}

/** One video entry with the given segments, pretty-printed like real files. */
export function fileWith(segments: object[], entry: object = {}): string {
  return JSON.stringify([{ videoId: 1, durationSeconds: 100, ...entry, annotations: segments }], null, 2);
}
