import * as assert from 'node:assert/strict';
import { analyzeAnnotations } from '../../../src/core/annotations/analyze';
import { outline } from '../../../src/core/annotations/outline';
import { MAX_JSON_DEPTH, toValue } from '../../../src/core/json/jsonTree';
import { parseJson } from '../../../src/core/json/parseJson';

const nested = (depth: number, open = '[', close = ']', inner = ''): string => open.repeat(depth) + inner + close.repeat(depth);

describe('deep nesting (issue 14, item 4)', () => {
  it('5 000 nested arrays: an invalid-json diagnostic at the first array too deep, and no throw', () => {
    const text = nested(5000);
    const analysis = analyzeAnnotations(text);
    const tooDeep = analysis.problems.filter((p) => p.code === 'invalid-json');
    assert.equal(tooDeep.length, 1);
    assert.deepEqual(tooDeep[0].span, { offset: MAX_JSON_DEPTH, length: 1 });
    assert.match(tooDeep[0].message, /more than 256 levels/);
    // The outer levels are read: the schema still says the top level holds no video entries.
    assert.ok(analysis.problems.some((p) => p.code === 'schema'));
  });

  it('5 000 nested objects, and a deep value inside a real entry, are skipped to their closer', () => {
    const objects = nested(5000, '{"a":', '}', '1');
    assert.equal(parseJson(objects).errors.length, 1);
    const entry = `[{"videoId": 1, "durationSeconds": 10, "notes": ${nested(3000)}, "annotations": [{"label": "a", "startSeconds": 5, "endSeconds": 2}]}]`;
    const analysis = analyzeAnnotations(entry);
    assert.deepEqual(analysis.problems.map((p) => p.code), ['invalid-json', 'inverted-segment']);
    assert.equal(analysis.model?.entries[0].segments.length, 1);
  });

  it('the limit is reported even where the editor leaves syntax errors to VS Code', () => {
    const codes = analyzeAnnotations(nested(300), { reportSyntax: false }).problems.map((p) => p.code);
    assert.ok(codes.includes('invalid-json'));
  });

  it('256 levels are read in full, and every walk over that tree is safe', () => {
    const text = nested(MAX_JSON_DEPTH, '[', ']', '1');
    const result = parseJson(text);
    assert.deepEqual(result.errors, []);
    let value = toValue(result.root!);
    for (let level = 1; level < MAX_JSON_DEPTH; level++) value = (value as unknown[])[0] as typeof value;
    assert.deepEqual(value, [1]);
    const analysis = analyzeAnnotations(text);
    if (analysis.model) outline(analysis.model);
  });

  it('a truncated deep file ends with an error, not a hang', () => {
    const result = parseJson('['.repeat(10000));
    assert.ok(result.errors.length >= 1);
  });
});
