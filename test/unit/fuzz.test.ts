import * as assert from 'node:assert/strict';
import { analyzeAnnotations, applyEdits, fixAllEdits } from '../../src/core/annotations/analyze';
import { labelCompletionAt } from '../../src/core/annotations/labelCompletion';
import { outline } from '../../src/core/annotations/outline';
import { timeHoverAt } from '../../src/core/annotations/hoverInfo';
import { PROBLEM_CODES } from '../../src/core/problem';
import { DOC_EXAMPLE } from './exampleFile.test';
import { mulberry32 } from '../../src/core/util/seededRandom';


const PIECES = ['{', '}', '[', ']', ',', ':', '"', '\\', '-', '1e999', '"label"', '"startSeconds"', '"endSeconds"', '"videoId"', '"../x"', 'null', '\r\n', '\ufeff', '"\u0001"', '0.5', 'tru'];
const BASE = JSON.stringify(
  [
    { videoId: 'a/b', durationSeconds: 10, annotations: [{ label: 's', startSeconds: 9, endSeconds: 1 }, { label: 's', startSeconds: 0, endSeconds: 20 }, { label: 'S', startSeconds: 2, endSeconds: 3, notes: 'x' }] },
    { videoId: 2, durationSeconds: '5', annotations: [{ label: 't', startSeconds: 1, endSeconds: 1 }, { lable: 't', startSecond: 1 }] },
  ],
  null,
  2,
);

function mutate(text: string, next: () => number): string {
  let result = text;
  const steps = 1 + Math.floor(next() * 4);
  for (let i = 0; i < steps; i++) {
    const at = Math.floor(next() * (result.length + 1));
    const choice = next();
    if (choice < 0.3) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 5));
    else if (choice < 0.6) result = result.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + result.slice(at);
    else if (choice < 0.8) result = result.slice(0, at);
    else result = result.slice(0, at) + result.slice(at, at + 10) + result.slice(at);
  }
  return result;
}

describe('fuzz: mutated and truncated files never make the core throw', () => {
  it('4000 seeded mutations: analysis, every fix, fix-all, hover, outline and completion', () => {
    const next = mulberry32(20261126);
    const sources = [DOC_EXAMPLE, BASE];
    let problemsSeen = 0;
    for (let i = 0; i < 4000; i++) {
      const text = mutate(sources[i % sources.length], next);
      const analysis = analyzeAnnotations(text, { allowedLabels: i % 3 === 0 ? ['s'] : [], videos: { annotationDir: '/x', folder: 'v', fileNamePattern: '{videoId}.mp4', exists: () => false } });
      problemsSeen += analysis.problems.length;
      for (const problem of analysis.problems) {
        assert.ok(problem.span.offset >= 0 && problem.span.offset + problem.span.length <= text.length, `span inside the text (seed step ${i})`);
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
    }
    assert.ok(problemsSeen > 4000, 'the mutations produced problems to check');
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
