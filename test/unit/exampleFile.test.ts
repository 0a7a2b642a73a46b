import * as assert from 'node:assert/strict';
import { analyzeAnnotations } from '../../src/core/annotations/analyze';
import { LineIndex } from '../../src/core/text/lineIndex';

/** The example from shared/docs/annotation-format.md, copied from a real file. */
export const DOC_EXAMPLE = `[
  {
    "annotations": [
      { "endSeconds": 2115.215, "label": "suturing", "startSeconds": 2319.541 },
      { "endSeconds": 2976.301, "label": "suturing", "startSeconds": 2528.884 }
    ],
    "durationSeconds": 2975,
    "videoId": 5
  }
]
`;

describe('the documented example', () => {
  it('gives exactly inverted-segment and segment-past-end, on the offending values', () => {
    const analysis = analyzeAnnotations(DOC_EXAMPLE);
    const lines = new LineIndex(DOC_EXAMPLE);
    const found = analysis.problems.map((p) => ({ code: p.code, range: lines.rangeAt(p.span.offset, p.span.length) }));
    assert.deepEqual(found, [
      // line 3: { "endSeconds": 2115.215, "label": "suturing", "startSeconds": 2319.541 }
      { code: 'inverted-segment', range: { start: { line: 3, character: 69 }, end: { line: 3, character: 77 } } },
      // line 4: { "endSeconds": 2976.301, ...
      { code: 'segment-past-end', range: { start: { line: 4, character: 22 }, end: { line: 4, character: 30 } } },
    ]);
    assert.equal(DOC_EXAMPLE.split('\n')[3].slice(69, 77), '2319.541');
    assert.equal(DOC_EXAMPLE.split('\n')[4].slice(22, 30), '2976.301');
  });

  it('keeps positions in CRLF files and after a byte order mark is stripped', () => {
    const crlf = DOC_EXAMPLE.replace(/\n/g, '\r\n');
    const lines = new LineIndex(crlf);
    const ranges = analyzeAnnotations(crlf).problems.map((p) => lines.rangeAt(p.span.offset, p.span.length).start);
    assert.deepEqual(ranges, [{ line: 3, character: 69 }, { line: 4, character: 22 }]);

    // A BOM left in the text is skipped as whitespace, with offsets still indexing the text given.
    const withBom = '\ufeff' + DOC_EXAMPLE;
    const bomProblems = analyzeAnnotations(withBom).problems;
    assert.deepEqual(bomProblems.map((p) => withBom.slice(p.span.offset, p.span.offset + p.span.length)), ['2319.541', '2976.301']);
  });
});
