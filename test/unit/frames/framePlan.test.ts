import * as assert from 'node:assert/strict';
import { analyzeAnnotations } from '../../../src/core/annotations/analyze';
import { DEFAULT_EXTRACTION_SETTINGS, type ExtractionSettings } from '../../../src/core/frames/extractionSettings';
import { gridTimes, planFrames, PlanError } from '../../../src/core/frames/framePlan';

const settings = (overrides: Partial<ExtractionSettings> = {}): ExtractionSettings => ({ ...DEFAULT_EXTRACTION_SETTINGS, ...overrides });

function plan(entries: object[], overrides: Partial<ExtractionSettings> = {}) {
  const model = analyzeAnnotations(JSON.stringify(entries)).model!;
  return planFrames(model, settings(overrides));
}

const video = (videoId: string | number, durationSeconds: number, annotations: object[]) => ({ videoId, durationSeconds, annotations });
const seg = (label: string, startSeconds: number, endSeconds: number) => ({ label, startSeconds, endSeconds });

describe('frame plan', () => {
  it('grid: offset + k·step below the duration, in whole milliseconds', () => {
    assert.deepEqual(gridTimes(0, 4, 12), [0, 4, 8]);
    assert.deepEqual(gridTimes(1.5, 4, 13.5), [1.5, 5.5, 9.5]);
    assert.deepEqual(gridTimes(0, 0.1, 0.35), [0, 0.1, 0.2, 0.3]);
  });

  it('classes: a frame at t is in a segment when start ≤ t < end; background is not-<label> with one label', () => {
    const result = plan([video(1, 20, [seg('suturing', 4, 12)])], { split: { train: 1, validation: 0, test: 0 } });
    assert.deepEqual(result.classes, ['suturing', 'not-suturing']);
    assert.deepEqual(result.videos[0].frames.map((f) => `${f.time}:${f.className}`), ['0:not-suturing', '4:suturing', '8:suturing', '12:not-suturing', '16:not-suturing']);
    assert.equal(result.videos[0].frames[1].path, 'train/suturing/1-4.000.jpg');
    assert.deepEqual(result.videos[0].frames[1].segment, { index: 0, label: 'suturing', startSeconds: 4, endSeconds: 12 });
    assert.equal(result.videos[0].frames[0].segment, null);
  });

  it('phases that cover every video make no background class (it would have no frame)', () => {
    const result = plan([video(1, 12, [seg('preparation', 0, 4), seg('dissection', 4, 12)]), video(2, 8, [seg('preparation', 0, 8)])], { step: 2 });
    assert.deepEqual(result.classes, ['dissection', 'preparation']);
    const gap = plan([video(1, 12, [seg('preparation', 0, 4), seg('dissection', 6, 12)])], { step: 2 });
    assert.deepEqual(gap.classes, ['dissection', 'preparation', 'background'], 'one frame in no segment keeps it');
  });

  it('several labels: background class, conflicts skipped and counted, unchosen labels skipped', () => {
    const entries = [video(1, 40, [seg('a', 0, 10), seg('b', 8, 20), seg('c', 24, 30)])];
    const all = plan(entries, { step: 2 });
    assert.deepEqual(all.classes, ['a', 'b', 'c', 'background']);
    assert.equal(all.skipped.conflict, 1); // t = 8 is in a and b
    const chosen = plan(entries, { step: 2, labels: ['a'] });
    assert.deepEqual(chosen.classes, ['a', 'not-a']);
    assert.equal(chosen.skipped['excluded-label'], 5 + 3); // b: 10..18 (5 frames), c: 24, 26, 28
    assert.equal(chosen.skipped.conflict, 1);
  });

  it('margin skips frames near any segment edge, on both sides', () => {
    const result = plan([video(1, 30, [seg('s', 10, 20)])], { step: 1, margin: 1.5 });
    const times = result.videos[0].frames.map((f) => f.time);
    for (const skipped of [9, 10, 11, 19, 20, 21]) assert.ok(!times.includes(skipped), `t=${skipped} kept`);
    for (const kept of [8, 12, 18, 22]) assert.ok(times.includes(kept), `t=${kept} skipped`);
    assert.equal(result.skipped.margin, 6);
  });

  it('cap keeps exactly N per class, deterministically, spread over videos', () => {
    const entries = [1, 2, 3, 4].map((id) => video(id, 400, [seg('s', 0, 40)]));
    const a = plan(entries, { step: 1, perClassCap: 50 });
    const b = plan(entries, { step: 1, perClassCap: 50 });
    const count = (p: typeof a, c: string) => p.videos.flatMap((v) => v.frames).filter((f) => f.className === c).length;
    assert.equal(count(a, 's'), 50);
    assert.equal(count(a, 'not-s'), 50);
    assert.deepEqual(a.videos.map((v) => v.frames.map((f) => f.time)), b.videos.map((v) => v.frames.map((f) => f.time)));
    assert.ok(a.videos.every((v) => v.frames.some((f) => f.className === 's')), 'every video keeps some frames');
    assert.equal(a.skipped.cap, 4 * 400 - 100);
  });

  it('split by video: deterministic, no video in two splits, frames follow their video', () => {
    const entries = Array.from({ length: 20 }, (_, i) => video(`case-${i}`, 20, [seg('s', 0, 8)]));
    const a = plan(entries);
    const b = plan(entries);
    assert.deepEqual(a.videos.map((v) => v.split), b.videos.map((v) => v.split));
    for (const v of a.videos) assert.ok(v.frames.every((f) => f.split === v.split && f.path.startsWith(`${v.split}/`)));
    const counts = { train: 0, validation: 0, test: 0 };
    for (const v of a.videos) counts[v.split]++;
    assert.deepEqual(counts, { train: 16, validation: 2, test: 2 });
    const reseeded = plan(entries, { seed: 'other' });
    assert.notDeepEqual(reseeded.videos.map((v) => v.split), a.videos.map((v) => v.split));
  });

  it('every split gets a video when there are enough; pins win', () => {
    const three = plan([1, 2, 3].map((id) => video(id, 8, [seg('s', 0, 4)])));
    assert.deepEqual(three.videos.map((v) => v.split).sort(), ['test', 'train', 'validation']);
    const pinned = plan([1, 2, 3, 4].map((id) => video(id, 8, [seg('s', 0, 4)])), { pins: { '1': 'test', '2': 'test' } });
    assert.equal(pinned.videos[0].split, 'test');
    assert.equal(pinned.videos[1].split, 'test');
    assert.ok(pinned.videos.slice(2).some((v) => v.split === 'train'));
  });

  it('leaves out entries that cannot be extracted, and says why', () => {
    const result = plan([video('../x', 10, [seg('s', 0, 4)]), video(2, 10, [seg('s', 0, 4)]), video(2, 10, []), { videoId: 3, annotations: [] }]);
    assert.deepEqual(result.excludedVideos.map((e) => e.reason), ["videoId contains '..'", 'repeats a videoId', 'has no valid durationSeconds']);
    assert.equal(result.videos.length, 1);
  });

  it('refuses labels that cannot be folder names, and a background class equal to a label', () => {
    assert.throws(() => plan([video(1, 10, [seg('a/b', 0, 4)])]), PlanError);
    assert.throws(() => plan([video(1, 10, [seg('s', 0, 4)])], { backgroundClass: 's' }), /also a label/);
    assert.throws(() => plan([video(1, 10, [])]), /no labelled segments/);
  });
});
