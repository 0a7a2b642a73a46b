import * as assert from 'node:assert/strict';
import { analyzeAnnotations, applyEdits } from '../../../src/core/annotations/analyze';
import { parseJson } from '../../../src/core/json/parseJson';
import { problemsOf } from '../support/problems';

describe('duplicate keys (issue 14, item 9)', () => {
  const text = [
    '[',
    '  {',
    '    "videoId": 1,',
    '    "durationSeconds": 100,',
    '    "annotations": [',
    '      {',
    '        "label": "suturing",',
    '        "startSeconds": 12,',
    '        "endSeconds": 20,',
    '        "startSeconds": 14',
    '      }',
    '    ]',
    '  }',
    ']',
  ].join('\n');

  it('a warning on the second key, naming the key and the line of the first', () => {
    const [problem] = problemsOf(text, 'duplicate-key');
    assert.equal(problem.severity, 'warning');
    assert.equal(text.slice(problem.span.offset, problem.span.offset + problem.span.length), '"startSeconds"');
    assert.equal(problem.span.offset, text.lastIndexOf('"startSeconds"'));
    assert.equal(problem.message, '"startSeconds" appears twice in this object (first on line 8); JSON readers keep the last one. Remove one.');
    assert.equal(problem.related?.[0].span.offset, text.indexOf('"startSeconds"'));
  });

  it('the last value is the one the rules read, as JSON.parse does', () => {
    assert.equal(analyzeAnnotations(text).model?.entries[0].segments[0].start?.value, 14);
  });

  it('the fix removes the first one with its comma and keeps what readers read', () => {
    const [problem] = problemsOf(text, 'duplicate-key');
    const fixed = applyEdits(text, problem.fixes![0].edits);
    assert.deepEqual(JSON.parse(fixed), JSON.parse(text));
    assert.equal(problemsOf(fixed, 'duplicate-key').length, 0);
    assert.equal(fixed.split('"startSeconds"').length - 1, 1);
  });

  it('every repeat in any object is found, paired with the first, in text order', () => {
    const many = '{"a": 1, "b": {"x": 1, "x": 2}, "a": 2, "a": 3}';
    const found = parseJson(many).duplicateKeys.map((d) => `${d.duplicate.key.value}@${d.duplicate.offset}<${d.first.offset}`);
    assert.deepEqual(found, [`x@${many.indexOf('"x": 2')}<${many.indexOf('"x"')}`, `a@${many.indexOf('"a": 2')}<1`, `a@${many.indexOf('"a": 3')}<1`]);
    const wide = `{${Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ')}, "k7": 0}`;
    assert.deepEqual(parseJson(wide).duplicateKeys.map((d) => d.duplicate.key.value), ['k7']);
  });

  it('keys that differ only by an escape are the same key', () => {
    assert.equal(parseJson('{"label": 1, "l\\u0061bel": 2}').duplicateKeys.length, 1);
  });
});
