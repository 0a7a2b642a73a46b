import * as assert from 'node:assert/strict';
import { analyzeAnnotations } from '../../../src/core/annotations/analyze';
import { toAnnotationFile } from '../../../src/core/predictions/toAnnotations';
import { truthSegments } from '../../../src/core/predictions/truthSegments';

describe('predicted segments → annotation file', () => {
  const text = toAnnotationFile({
    videoId: 'case-7',
    durationSeconds: 10,
    video: 'videos/case-7.mp4',
    segments: [
      { label: 'suturing', start: 9.5, end: 12 },
      { label: 'suturing', start: 2.00049, end: 8.1234567 },
      { label: 'suturing', start: -1, end: 0.0004 },
    ],
  });

  it('is pretty-printed JSON in our format, ms-rounded, clamped, sorted, empty spans dropped', () => {
    assert.match(text, /^\[\n {2}\{\n {4}"videoId": "case-7"/);
    assert.deepEqual(JSON.parse(text), [{
      videoId: 'case-7',
      durationSeconds: 10,
      video: 'videos/case-7.mp4',
      annotations: [
        { label: 'suturing', startSeconds: 2, endSeconds: 8.123 },
        { label: 'suturing', startSeconds: 9.5, endSeconds: 10 },
      ],
    }]);
  });

  it('passes our own validator with no error-level problems', () => {
    const problems = analyzeAnnotations(text).problems.filter((p) => p.severity === 'error');
    assert.deepEqual(problems, []);
  });

  it('a video without predicted segments is still a valid entry', () => {
    const empty = toAnnotationFile({ videoId: 5, durationSeconds: 3.14159, segments: [] });
    assert.deepEqual(JSON.parse(empty), [{ videoId: 5, durationSeconds: 3.142, annotations: [] }]);
    assert.deepEqual(analyzeAnnotations(empty).problems.filter((p) => p.severity === 'error'), []);
    assert.throws(() => toAnnotationFile({ videoId: 5, durationSeconds: 0, segments: [] }), RangeError);
  });
});

describe('reading the true segments of one video', () => {
  const file = JSON.stringify([
    { videoId: 5, durationSeconds: 100, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }, { label: 'suturing', startSeconds: 30, endSeconds: 25 }] },
    { videoId: 'b', durationSeconds: 50, annotations: [] },
  ]);

  it('finds a numeric videoId by its text and skips inverted segments', () => {
    assert.deepEqual(truthSegments(file, '5'), { videoId: 5, durationSeconds: 100, segments: [{ label: 'suturing', start: 10, end: 20 }] });
    assert.deepEqual(truthSegments(file, 'b')?.segments, []);
    assert.equal(truthSegments(file, 'nope'), undefined);
  });
});
