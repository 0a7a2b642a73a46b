import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ManifestRow } from '../../../src/core/frames/manifest';
import { datasetDirOf, findDatasetRoot, indexManifest, manifestRowOf, readEvaluation } from '../../../src/core/predictions/spotCheckDataset';
import { chooseAnnotationFile, locateFrame } from '../../../src/core/predictions/spotCheckSegment';

const root = path.resolve('/work/space');
const existing = (...files: string[]) => (file: string) => files.map((f) => path.resolve(f)).includes(path.resolve(file));

describe('spot check: the dataset of a run and of an image', () => {
  it('reads the test predictions of evaluation.json, leaving out frames in another shape', () => {
    const evaluation = readEvaluation({
      classes: ['not-suturing', 'suturing'],
      predictions: [
        { path: 'test/suturing/clip2-12.000.jpg', video: 'videos/clip2.mp4', videoId: 'clip2', time: 12, trueClass: 'suturing', scores: [0.1, 0.9] },
        { path: 'test/suturing/x.jpg', video: 'v.mp4', videoId: 3, time: 'soon', trueClass: 'suturing', scores: [0.1, 0.9] },
      ],
    });
    assert.deepEqual(evaluation?.classes, ['not-suturing', 'suturing']);
    assert.deepEqual(evaluation?.frames.map((f) => f.path), ['test/suturing/clip2-12.000.jpg']);
    assert.equal(readEvaluation({ accuracy: 1 }), undefined);
    assert.deepEqual(readEvaluation({ classes: ['a'] })?.frames, []);
  });

  it('finds the dataset where config.json says, or at the same place relative to the runs folder when the workspace moved', () => {
    const config = { runsDir: '/old/space/runs', dataset: { dir: '/old/space/datasets/suturing' } };
    assert.equal(datasetDirOf(config, path.join(root, 'runs', 'r1'), existing('/old/space/datasets/suturing/manifest.jsonl')), '/old/space/datasets/suturing');
    assert.equal(datasetDirOf(config, path.join(root, 'runs', 'r1'), existing(path.join(root, 'datasets/suturing/manifest.jsonl'))), path.join(root, 'datasets', 'suturing'));
    assert.equal(datasetDirOf({ runsDir: '/x' }, path.join(root, 'runs', 'r1'), () => true), undefined);
  });

  it('an image belongs to the nearest folder above it with a manifest.jsonl', () => {
    const image = path.join(root, 'datasets', 'suturing', 'test', 'suturing', 'clip2-12.000.jpg');
    assert.equal(findDatasetRoot(image, existing(path.join(root, 'datasets/suturing/manifest.jsonl'), path.join(root, 'manifest.jsonl'))), path.join(root, 'datasets', 'suturing'));
    assert.equal(findDatasetRoot(path.join(root, 'photos', 'a.png'), () => false), undefined);
  });

  it('looks an image up in the manifest by its path relative to the dataset', () => {
    const row: ManifestRow = { video: 'videos/clip2.mp4', videoId: 'clip2', time: 12, class: 'suturing', split: 'test', path: 'test/suturing/clip2-12.000.jpg', annotation: { index: 0, label: 'suturing', startSeconds: 10, endSeconds: 20 } };
    const index = indexManifest([row]);
    const dataset = path.join(root, 'datasets', 'suturing');
    assert.equal(manifestRowOf(index, dataset, path.join(dataset, 'test', 'suturing', 'clip2-12.000.jpg')), row);
    assert.equal(manifestRowOf(index, dataset, path.join(dataset, 'test', 'suturing', 'other.jpg')), undefined);
    assert.equal(manifestRowOf(index, dataset, path.join(root, 'elsewhere', 'clip2-12.000.jpg')), undefined);
  });
});

describe('spot check: the segment of a frame', () => {
  const text = JSON.stringify([
    { videoId: 'clip1', video: 'videos/clip1.mp4', durationSeconds: 20, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }] },
    { videoId: 5, durationSeconds: 60, annotations: [{ label: 'knot', startSeconds: 0, endSeconds: 40 }, { label: 'suturing', startSeconds: 30, endSeconds: 50 }] },
  ], null, 2);

  it('selects the segment containing the time (ends included) of the video with that id (5 and "5" alike)', () => {
    const location = locateFrame(text, 'clip1', 12);
    assert.equal(location?.kind, 'segment');
    const selected = text.slice(location!.span.offset, location!.span.offset + location!.span.length);
    assert.deepEqual(JSON.parse(selected), { label: 'suturing', startSeconds: 10, endSeconds: 20 });
    assert.match(location!.detail, /suturing 00:00:10\.000 → 00:00:20\.000/);
    assert.equal(locateFrame(text, 'clip1', 20)?.kind, 'segment');
    assert.equal(locateFrame(text, '5', 45)?.kind, 'segment');
  });

  it('prefers the segment of the true class where two overlap', () => {
    const location = locateFrame(text, 5, 35, 'suturing');
    assert.match(location!.detail, /^suturing/);
    assert.match(locateFrame(text, 5, 35, 'knot')!.detail, /^knot/);
  });

  it('a background frame selects its video entry; an unknown video gives nothing', () => {
    const location = locateFrame(text, 'clip1', 3);
    assert.equal(location?.kind, 'entry');
    assert.match(text.slice(location!.span.offset, location!.span.offset + location!.span.length), /^\{\s*"videoId": "clip1"/);
    assert.match(location!.detail, /00:00:03\.000 is in no segment/);
    assert.equal(locateFrame(text, 'clip9', 3), undefined);
    assert.equal(locateFrame('not json', 'clip1', 3), undefined);
  });

  it('chooses the annotation file with the recorded content, else the one next to the video, else the first', () => {
    assert.equal(chooseAnnotationFile([{ file: 'a', sameContent: false, videoFound: true }, { file: 'b', sameContent: true, videoFound: false }]), 'b');
    assert.equal(chooseAnnotationFile([{ file: 'a', sameContent: false, videoFound: false }, { file: 'b', sameContent: false, videoFound: true }]), 'b');
    assert.equal(chooseAnnotationFile([{ file: 'a', sameContent: false, videoFound: false }]), 'a');
    assert.equal(chooseAnnotationFile([]), undefined);
  });
});
