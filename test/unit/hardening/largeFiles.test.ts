import * as assert from 'node:assert/strict';
import { analyzeAnnotations } from '../../../src/core/annotations/analyze';
import { analyzeInWindows, type WindowSize } from '../../../src/core/annotations/analyzeWindows';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { mulberry32 } from '../../../src/core/util/seededRandom';
import { ProblemOutput, type JsonProblem } from '../../../src/cli/problemOutput';
import { DOC_EXAMPLE } from '../exampleFile.test';
import { mutatedFiles } from '../support/fuzzFiles';

const WINDOWS: WindowSize[] = [
  { maxEntries: 1, maxChars: 1 },
  { maxEntries: 2, maxChars: 1 << 20 },
  { maxEntries: 1000, maxChars: 64 },
];

function assertSameProblems(text: string, label: string): void {
  const options = { allowedLabels: [], workspaceLabels: new Map([['suturing', 5]]) };
  const whole = analyzeAnnotations(text, options).problems;
  for (const window of WINDOWS) assert.deepEqual(analyzeInWindows(text, options, undefined, window), whole, `${label}, window ${JSON.stringify(window)}`);
}

describe('large files: windowed analysis (issue 14, item 5)', () => {
  it('gives exactly the problems of the whole-file analysis, in the same order', () => {
    const entries = [
      { videoId: 5, durationSeconds: 100, annotations: [{ label: 'suturing', startSeconds: 9, endSeconds: 3 }] },
      { videoId: '5', durationSeconds: 100, annotations: [{ label: 'suturng', startSeconds: 1, endSeconds: 2 }] },
      { video: 'videos/7.mp4', durationSeconds: 100, annotations: [{ startSeconds: 1, endSeconds: 2 }] },
      { videoId: 7, durationSeconds: '100', annotations: [{ label: 'suturing', startSeconds: 1, endSeconds: 2 }, { label: 'suturing', startSeconds: 1.5, endSeconds: 3 }] },
      'not an entry',
      { videoId: 5, durationSeconds: 100, annotations: [] },
    ];
    assertSameProblems(JSON.stringify(entries, null, 2), 'mixed entries');
    assertSameProblems(DOC_EXAMPLE, 'the documented example');
    assertSameProblems('{"videoId": 1}', 'a top level that is not an array');
    assertSameProblems('[{"videoId": 1, "videoId": 2, "durationSeconds": 1, "annotations": []}, 3] trailing', 'duplicate keys and garbage');
  });

  it('gives the same problems on 600 mutated files', () => {
    let i = 0;
    for (const text of mutatedFiles(20260601, 600)) assertSameProblems(text, `mutation ${i++}`);
  });

  it('the line index handles \\n, \\r\\n and \\r, with or without a \\r in the text', () => {
    for (const text of ['a\nb\n\nc', 'a\r\nb\rc\n', '', '\n']) {
      const lines = new LineIndex(text);
      const expected = text.split(/\r\n|\r|\n/);
      assert.equal(lines.lineCount, expected.length, JSON.stringify(text));
      const last = lines.positionAt(text.length);
      assert.deepEqual(last, { line: expected.length - 1, character: expected[expected.length - 1].length });
    }
  });

  it('problem output written piece by piece is the JSON.stringify(problems, null, 2) it replaces', () => {
    const next = mulberry32(3);
    const problem = (i: number): JsonProblem => ({
      file: `f${i}.json`,
      range: { start: { line: i, character: 2 }, end: { line: i, character: 9 } },
      severity: next() < 0.5 ? 'error' : 'warning',
      code: 'schema',
      message: `message ${i} "quoted"\nwith a newline`,
    });
    for (const count of [0, 1, 2, 3000]) {
      const problems = Array.from({ length: count }, (_, i) => problem(i));
      for (const format of ['json', 'text'] as const) {
        const written: string[] = [];
        const output = new ProblemOutput(format, (text) => written.push(text + '\n'));
        for (const p of problems) output.add(p);
        output.end();
        const expected = format === 'json'
          ? JSON.stringify(problems, null, 2) + '\n'
          : problems.map((p) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.code} ${p.message}\n`).join('');
        assert.equal(written.join(''), expected, `${format}, ${count} problems`);
        if (count === 3000) assert.ok(written.length > 1, 'written in more than one piece');
      }
    }
  });
});
