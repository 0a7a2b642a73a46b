import * as assert from 'node:assert/strict';
import { analyzeAnnotations, applyEdits, fixAllEdits } from '../../src/core/annotations/analyze';
import { labelCompletionAt } from '../../src/core/annotations/labelCompletion';
import { outline } from '../../src/core/annotations/outline';
import { timeHoverAt } from '../../src/core/annotations/hoverInfo';
import { PROBLEM_CODES, type Problem } from '../../src/core/problem';
import { mulberry32 } from '../../src/core/util/seededRandom';
import { BASE, mutate, mutatedFiles } from './support/fuzzFiles';

const FILES = 10_000;
const CODES = new Set<string>(PROBLEM_CODES);
const SEVERITIES = new Set(['error', 'warning', 'information']);

/** Why a problem could not be shown as a diagnostic, or undefined when it can. */
function notADiagnostic(problem: Problem, text: string): string | undefined {
  const inside = (span: { offset: number; length: number }) =>
    Number.isInteger(span.offset) && Number.isInteger(span.length) && span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.length;
  if (!CODES.has(problem.code)) return `unknown code ${problem.code}`;
  if (!SEVERITIES.has(problem.severity)) return `unknown severity ${problem.severity}`;
  if (typeof problem.message !== 'string' || !problem.message.trim()) return 'empty message';
  if (!inside(problem.span)) return `span ${JSON.stringify(problem.span)} outside the text`;
  if (problem.related?.some((related) => !inside(related.span) || !related.message)) return 'related location outside the text';
  if (problem.fixes?.some((fix) => !fix.title || fix.edits.some((edit) => !inside(edit)))) return 'fix edits outside the text';
  return undefined;
}

describe('fuzz: mutated and truncated files never make the core throw', () => {
  it(`${FILES} seeded files (mutations, deep nesting, huge numbers, duplicate keys, unsafe labels, long ids): no exception, every problem a diagnostic`, function () {
    this.timeout(120_000);
    const next = mulberry32(20261126);
    const failures: string[] = [];
    let problemsSeen = 0;
    let file = 0;
    for (const text of mutatedFiles(20261126, FILES)) {
      const step = file++;
      try {
        const analysis = analyzeAnnotations(text, { allowedLabels: step % 3 === 0 ? ['s'] : [], videos: { annotationDir: '/x', folder: 'v', fileNamePattern: '{videoId}.mp4', exists: () => false } });
        problemsSeen += analysis.problems.length;
        for (const problem of analysis.problems) {
          const why = notADiagnostic(problem, text);
          if (why) failures.push(`file ${step}: ${problem.code}: ${why}`);
          for (const fix of problem.fixes ?? []) applyEdits(text, fix.edits);
        }
        for (const code of PROBLEM_CODES) {
          const edits = fixAllEdits(analysis, code);
          if (edits) applyEdits(text, edits);
        }
        const offset = Math.floor(next() * (text.length + 1));
        timeHoverAt(analysis, offset);
        labelCompletionAt(analysis, offset, analysis.fileLabels);
        if (analysis.model) outline(analysis.model);
      } catch (error) {
        failures.push(`file ${step}: threw ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failure(s)`);
    assert.ok(problemsSeen > FILES, 'the files produced problems to check');
  });

  it('fix-all edits never overlap one another', () => {
    const next = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const analysis = analyzeAnnotations(mutate(BASE, next));
      for (const code of PROBLEM_CODES) {
        const edits = [...(fixAllEdits(analysis, code) ?? [])].sort((a, b) => a.offset - b.offset);
        for (let k = 1; k < edits.length; k++) assert.ok(edits[k].offset >= edits[k - 1].offset + edits[k - 1].length, `${code} edits overlap`);
      }
    }
  });
});
