import * as assert from 'node:assert/strict';
import { analyzeAnnotations, applyEdits, fixAllEdits } from '../../src/core/annotations/analyze';
import type { Problem } from '../../src/core/problem';
import { DOC_EXAMPLE } from './exampleFile.test';

function applyFirstFix(text: string, code: Problem['code'], index = 0): string {
  const problem = analyzeAnnotations(text).problems.filter((p) => p.code === code)[index];
  assert.ok(problem, `no ${code} problem`);
  const fix = problem.fixes?.[0];
  assert.ok(fix, `no fix for ${code}`);
  return applyEdits(text, fix.edits);
}

describe('quick fixes', () => {
  it('swap start/end keeps key order and formatting', () => {
    const fixed = applyFirstFix(DOC_EXAMPLE, 'inverted-segment');
    assert.ok(fixed.includes('{ "endSeconds": 2319.541, "label": "suturing", "startSeconds": 2115.215 }'));
    assert.equal(fixed.length, DOC_EXAMPLE.length);
  });

  it('clamp end to the duration writes the duration as written', () => {
    const fixed = applyFirstFix(DOC_EXAMPLE, 'segment-past-end');
    assert.ok(fixed.includes('{ "endSeconds": 2975, "label": "suturing", "startSeconds": 2528.884 }'));
  });

  it('fixing both problems of the example leaves a clean file', () => {
    const once = applyFirstFix(DOC_EXAMPLE, 'inverted-segment');
    const twice = applyFirstFix(once, 'segment-past-end');
    assert.deepEqual(analyzeAnnotations(twice).problems, []);
  });

  it('merge of overlapping segments keeps the first, extends its end and removes the rest with their commas', () => {
    const text = `[
  {
    "videoId": 1,
    "durationSeconds": 100,
    "annotations": [
      { "label": "suturing", "startSeconds": 10, "endSeconds": 20, "notes": "kept" },
      { "label": "suturing", "startSeconds": 15, "endSeconds": 30 },
      { "label": "other", "startSeconds": 50, "endSeconds": 60 },
      { "label": "suturing", "startSeconds": 25, "endSeconds": 35 }
    ]
  }
]`;
    const fixed = applyFirstFix(text, 'overlapping-segments');
    assert.equal(
      fixed,
      `[
  {
    "videoId": 1,
    "durationSeconds": 100,
    "annotations": [
      { "label": "suturing", "startSeconds": 10, "endSeconds": 35, "notes": "kept" },
      { "label": "other", "startSeconds": 50, "endSeconds": 60 }
    ]
  }
]`,
    );
    assert.deepEqual(JSON.parse(fixed)[0].annotations[0].notes, 'kept');
  });

  it('offers no merge that would drop fields a user wrote on a removed segment', () => {
    const text = JSON.stringify([{ videoId: 1, durationSeconds: 100, annotations: [
      { label: 's', startSeconds: 1, endSeconds: 5 },
      { label: 's', startSeconds: 2, endSeconds: 6, annotator: 'kim' },
    ] }]);
    const [problem] = analyzeAnnotations(text).problems;
    assert.equal(problem.code, 'overlapping-segments');
    assert.deepEqual(problem.fixes, []);
  });

  it('replaces a typo label', () => {
    const text = JSON.stringify([{ videoId: 1, durationSeconds: 100, annotations: [
      { label: 'suturing', startSeconds: 1, endSeconds: 2 }, { label: 'suturing', startSeconds: 3, endSeconds: 4 },
      { label: 'suturing', startSeconds: 5, endSeconds: 6 }, { label: 'Suturing', startSeconds: 7, endSeconds: 8 },
    ] }]);
    const fixed = applyFirstFix(text, 'unknown-label');
    assert.equal(JSON.parse(fixed)[0].annotations[3].label, 'suturing');
  });

  it('converts a number written as a string', () => {
    const text = '[{"videoId": 1, "durationSeconds": "2975.5", "annotations": []}]';
    assert.equal(applyFirstFix(text, 'schema'), '[{"videoId": 1, "durationSeconds": 2975.5, "annotations": []}]');
  });

  it('renames a misspelt key to the missing field', () => {
    const text = '[{"videoId": 1, "durationSeconds": 9, "annotations": [{"label": "a", "startSecond": 1, "endSeconds": 2}]}]';
    assert.equal(applyFirstFix(text, 'schema'), text.replace('startSecond"', 'startSeconds"'));
  });

  it('adds missing "annotations" in the layout of the object', () => {
    const text = '[\n  {\n    "videoId": 1,\n    "durationSeconds": 9\n  }\n]';
    assert.equal(applyFirstFix(text, 'schema'), '[\n  {\n    "videoId": 1,\n    "durationSeconds": 9,\n    "annotations": []\n  }\n]');
    const crlf = text.replace(/\n/g, '\r\n');
    assert.equal(applyFirstFix(crlf, 'schema'), '[\r\n  {\r\n    "videoId": 1,\r\n    "durationSeconds": 9,\r\n    "annotations": []\r\n  }\r\n]');
  });

  it('adds a missing label when the file uses only one', () => {
    const text = '[{"videoId": 1, "durationSeconds": 9, "annotations": [{"label": "suturing", "startSeconds": 1, "endSeconds": 2}, {"startSeconds": 3, "endSeconds": 4}]}]';
    assert.equal(JSON.parse(applyFirstFix(text, 'schema'))[0].annotations[1].label, 'suturing');
  });

  it('fix all: every inverted segment, and every overlap group at once without colliding edits', () => {
    const text = JSON.stringify([{ videoId: 1, durationSeconds: 100, annotations: [
      { label: 's', startSeconds: 9, endSeconds: 1 }, { label: 's', startSeconds: 50, endSeconds: 40 },
    ] }, { videoId: 2, durationSeconds: 100, annotations: [
      { label: 's', startSeconds: 1, endSeconds: 5 }, { label: 's', startSeconds: 2, endSeconds: 6 },
      { label: 's', startSeconds: 10, endSeconds: 20 }, { label: 's', startSeconds: 11, endSeconds: 12 },
    ] }], null, 2);
    const analysis = analyzeAnnotations(text);
    const swapped = applyEdits(text, fixAllEdits(analysis, 'inverted-segment')!);
    assert.deepEqual(analyzeAnnotations(swapped).problems.filter((p) => p.code === 'inverted-segment'), []);
    const merged = applyEdits(text, fixAllEdits(analysis, 'overlapping-segments')!);
    assert.deepEqual(JSON.parse(merged)[1].annotations, [
      { label: 's', startSeconds: 1, endSeconds: 6 },
      { label: 's', startSeconds: 10, endSeconds: 20 },
    ]);
    assert.equal(fixAllEdits(analysis, 'duplicate-video-id'), undefined);
  });
});
