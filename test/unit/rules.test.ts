import * as assert from 'node:assert/strict';
import { analyzeAnnotations } from '../../src/core/annotations/analyze';
import { fileWith, problemKeys, problemsOf } from './support/problems';

const seg = (startSeconds: number, endSeconds: number, label = 'suturing', extra: object = {}) => ({ label, startSeconds, endSeconds, ...extra });

describe('semantic rules', () => {
  it('a clean file has no problems', () => {
    assert.deepEqual(problemKeys(fileWith([seg(1, 2), seg(3, 4), seg(4, 5)])), []);
  });

  it('inverted-segment on startSeconds, with endSeconds as related information', () => {
    const text = fileWith([seg(9, 3)]);
    const [problem] = problemsOf(text, 'inverted-segment');
    assert.equal(text.slice(problem.span.offset, problem.span.offset + 1), '9');
    assert.equal(problem.related?.length, 1);
    assert.equal(problem.severity, 'error');
  });

  it('zero-length-segment', () => {
    assert.deepEqual(problemKeys(fileWith([seg(5, 5)])), ['zero-length-segment@5']);
  });

  it('segment-past-end on the end, or on the start when the segment starts after the video', () => {
    assert.deepEqual(problemKeys(fileWith([seg(90, 101.5)])), ['segment-past-end@101.5']);
    assert.deepEqual(problemKeys(fileWith([seg(120, 130)])), ['segment-past-end@120']);
    assert.deepEqual(problemKeys(fileWith([seg(90, 100)])), []);
  });

  it('overlapping-segments of one label point at the overlapped segment; touching segments do not overlap', () => {
    const text = fileWith([seg(10, 20), seg(15, 30), seg(30, 40)]);
    const problems = problemsOf(text, 'overlapping-segments');
    assert.equal(problems.length, 1);
    assert.equal(text.slice(problems[0].span.offset, problems[0].span.offset + 2), '15');
    const related = problems[0].related![0].span;
    assert.match(text.slice(related.offset, related.offset + related.length), /"startSeconds": 10/);
  });

  it('conflicting-labels is information and counts each segment once', () => {
    const problems = problemsOf(fileWith([seg(10, 20), seg(15, 30, 'knot-tying'), seg(16, 18, 'cutting')]), 'conflicting-labels');
    assert.equal(problems.length, 2);
    assert.ok(problems.every((p) => p.severity === 'information'));
  });

  it('duplicate-video-id treats 5 and "5" as one video', () => {
    const text = JSON.stringify([
      { videoId: 5, durationSeconds: 10, annotations: [] },
      { videoId: '5', durationSeconds: 10, annotations: [] },
    ]);
    assert.deepEqual(problemKeys(text), ['duplicate-video-id@"5"']);
  });

  it('unsafe-video-id rejects separators, "..", control characters', () => {
    for (const id of ['../x', 'a/b', 'a\\b', 'a\u0001', '..', 'c:d']) {
      const text = JSON.stringify([{ videoId: id, durationSeconds: 10, annotations: [] }]);
      assert.deepEqual(problemsOf(text, 'unsafe-video-id').length, 1, id);
    }
    for (const id of ['case-12', 'a.b_c', 7]) {
      const text = JSON.stringify([{ videoId: id, durationSeconds: 10, annotations: [] }]);
      assert.deepEqual(problemsOf(text, 'unsafe-video-id').length, 0, String(id));
    }
  });

  it('unknown-label: a rare near-spelling of a common label, with the suggestion as a preferred fix', () => {
    const text = fileWith([seg(1, 2), seg(3, 4), seg(5, 6), seg(7, 8, 'suturng')]);
    const [problem] = problemsOf(text, 'unknown-label');
    assert.match(problem.message, /typo of "suturing"/);
    assert.equal(problem.fixes?.[0].edits[0].newText, '"suturing"');
    assert.equal(problem.fixes?.[0].preferred, true);
    // Two equally common labels are both legitimate.
    assert.deepEqual(problemsOf(fileWith([seg(1, 2, 'cut'), seg(3, 4, 'cat')]), 'unknown-label'), []);
  });

  it('unknown-label: outside a configured list, suggesting the closest allowed label', () => {
    const text = fileWith([seg(1, 2, 'Suturing'), seg(3, 4, 'lunch')]);
    const problems = problemsOf(text, 'unknown-label', { allowedLabels: ['suturing'] });
    assert.equal(problems.length, 2);
    assert.equal(problems[0].fixes?.[0].edits[0].newText, '"suturing"');
    assert.deepEqual(problems[1].fixes, []);
  });

  it('unknown-label uses workspace counts when given', () => {
    const text = fileWith([seg(1, 2, 'suturng')]);
    assert.equal(problemsOf(text, 'unknown-label').length, 0);
    const otherFiles = new Map([['suturing', 40]]);
    assert.equal(problemsOf(text, 'unknown-label', { workspaceLabels: otherFiles }).length, 1);
  });

  it('missing-video only with a video lookup; checks "video" first, then folder and pattern', () => {
    const text = JSON.stringify([
      { videoId: 1, durationSeconds: 10, annotations: [] },
      { videoId: 2, durationSeconds: 10, annotations: [], video: 'clips/two.mp4' },
    ]);
    assert.equal(problemsOf(text, 'missing-video').length, 0);
    const asked: string[] = [];
    const lookup = { annotationDir: '/data', folder: 'videos', fileNamePattern: 'case-{videoId}.mp4', exists: (p: string) => (asked.push(p), false) };
    const problems = problemsOf(text, 'missing-video', { videos: lookup });
    assert.deepEqual(asked, ['/data/videos/case-1.mp4', '/data/clips/two.mp4']);
    assert.equal(problems.length, 2);
    assert.equal(problemsOf(text, 'missing-video', { videos: { ...lookup, exists: () => true } }).length, 0);
  });

  it('schema: wrong types, missing fields and negative times, on the exact node', () => {
    const text = JSON.stringify([{ videoId: 1, durationSeconds: 0, annotations: [{ label: 'x', startSeconds: '12.5', endSeconds: -1 }] }, { videoId: 2 }]);
    const keys = problemKeys(text);
    assert.deepEqual(keys, ['schema@"12.5"', 'schema@-1', 'schema@0', 'schema@{', 'schema@{'].sort());
    const messages = problemsOf(text, 'schema').map((p) => p.message);
    assert.ok(messages.some((m) => /Missing property "durationSeconds"/.test(m)));
    assert.ok(messages.some((m) => /Missing property "annotations"/.test(m)));
  });

  it('schema: a top level that is not an array', () => {
    assert.deepEqual(problemKeys('{"videoId": 1}'), ['schema@{"videoId": 1}']);
  });

  it('syntax and schema can each be turned off (where the editor reports them already)', () => {
    const text = '[{"videoId": 1, "durationSeconds": 10, "annotations": [{"label": "a", "startSeconds": 9, "endSeconds": 2}]}] x';
    assert.deepEqual(problemKeys(text), ['invalid-json@x', 'inverted-segment@9']);
    assert.deepEqual(problemKeys(text, { reportSyntax: false }), ['inverted-segment@9']);
    const schemaText = '[{"videoId": 1, "annotations": []}]';
    assert.equal(problemKeys(schemaText, { reportSchema: false }).length, 0);
  });

  it('still checks the rest of a file with a syntax error', () => {
    const text = '[{"videoId": 1, "durationSeconds": 10 "annotations": [{"label": "a", "startSeconds": 9, "endSeconds": 2}]}]';
    const codes = analyzeAnnotations(text).problems.map((p) => p.code);
    assert.deepEqual(codes, ['invalid-json', 'inverted-segment']);
  });
});

describe('duration-mismatch', () => {
  const text = JSON.stringify([{ videoId: 1, durationSeconds: 100, annotations: [] }, { videoId: 2, durationSeconds: 60, annotations: [] }]);
  const lookup = (durations: Record<string, number>) => ({
    annotationDir: '/d', folder: '', fileNamePattern: '{videoId}.mp4', exists: () => true,
    duration: (file: string) => durations[file], durationTolerance: 1,
  });

  it('warns beyond the tolerance, with a fix that writes the real length', () => {
    const problems = problemsOf(text, 'duration-mismatch', { videos: lookup({ '/d/1.mp4': 97.5321, '/d/2.mp4': 60.4 }) });
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /97\.532 s/);
    assert.equal(problems[0].fixes?.[0].edits[0].newText, '97.532');
  });

  it('says nothing while a video is not probed yet', () => {
    assert.equal(problemsOf(text, 'duration-mismatch', { videos: lookup({}) }).length, 0);
  });
});
