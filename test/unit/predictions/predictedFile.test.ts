import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeAnnotations } from '../../../src/core/annotations/analyze';
import { predictedAnnotationText, predictedFileName, predictedVideoId } from '../../../src/core/predictions/predictedFile';
import { findVideoEntry } from '../../../src/core/predictions/videoEntry';

describe('saving predicted segments', () => {
  it('names the file after the videoId, with the suffix the default annotation glob matches', () => {
    assert.equal(predictedFileName(5), '5.predicted.annotations.json');
    assert.equal(predictedFileName('case/7'), 'case_7.predicted.annotations.json');
    assert.match(predictedFileName('clip2'), /\.annotations\.json$/);
  });

  it('takes the entry’s videoId, else the video’s name without extension', () => {
    assert.equal(predictedVideoId('/data/videos/clip2.mp4', 7), 7);
    assert.equal(predictedVideoId('/data/videos/clip2.mp4'), 'clip2');
  });

  it('writes a file the validator accepts, with the video path relative to the file', () => {
    const out = path.join('/work', 'ann', 'clip2.predicted.annotations.json');
    const text = predictedAnnotationText({ outFile: out, video: '/work/videos/clip2.mp4', videoId: 'clip2', durationSeconds: 20, segments: [{ label: 'suturing', start: 10, end: 20 }] });
    assert.deepEqual(JSON.parse(text), [{ videoId: 'clip2', durationSeconds: 20, video: '../videos/clip2.mp4', annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }] }]);
    assert.deepEqual(analyzeAnnotations(text, { reportSchema: true }).problems, []);
  });
});

describe('finding the annotation entry of a video file', () => {
  const text = JSON.stringify([
    { videoId: 1, durationSeconds: 10, video: 'videos/a.mp4', annotations: [] },
    { videoId: 'b', durationSeconds: 10, annotations: [] },
  ]);
  const base = { annotationDir: '/work', folder: 'clips', fileNamePattern: '{videoId}.mp4' };

  it('matches the entry’s video field, resolved from the annotation file’s folder', () => {
    assert.equal(findVideoEntry(text, { ...base, video: '/work/videos/a.mp4' }), '1');
  });

  it('matches the videos folder and file-name pattern when there is no video field', () => {
    assert.equal(findVideoEntry(text, { ...base, video: '/work/clips/b.mp4' }), 'b');
  });

  it('finds nothing for another video', () => {
    assert.equal(findVideoEntry(text, { ...base, video: '/work/clips/a.mp4' }), undefined);
    assert.equal(findVideoEntry('not json', { ...base, video: '/work/videos/a.mp4' }), undefined);
  });
});
