import * as assert from 'node:assert/strict';
import { annotationHighlights } from '../../src/core/annotations/highlights';
import { readAnnotationModel } from '../../src/core/annotations/model';
import { parseJson } from '../../src/core/json/parseJson';

const highlightsOf = (text: string) => {
  const model = readAnnotationModel(parseJson(text).root);
  assert.ok(model);
  return annotationHighlights(model).map((h) => `${h.kind}:${text.slice(h.offset, h.offset + h.length)}`);
};

describe('annotationHighlights (what the semantic tokens colour)', () => {
  it('times and labels in their places, in document order', () => {
    const text = '[{"annotations": [{"endSeconds": 20, "label": "suturing", "startSeconds": 1.5e1}], "durationSeconds": 30, "videoId": 5}]';
    assert.deepEqual(highlightsOf(text), ['time:20', 'label:"suturing"', 'time:1.5e1', 'time:30']);
  });

  it('leaves notes, ids, keys in strings and values of the wrong type alone', () => {
    const text = JSON.stringify([{ videoId: 7, durationSeconds: '30', note: 'label', tags: ['startSeconds'], annotations: [{ label: 3, startSeconds: '1', endSeconds: 2, notes: 'suturing' }] }]);
    assert.deepEqual(highlightsOf(text), ['time:2']);
  });
});
