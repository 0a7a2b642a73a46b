import * as assert from 'node:assert/strict';
import { checksOn, isLargeFile, largeFileNotice, type CheckTrigger } from '../../../src/core/annotations/largeFile';

describe('large files in the editor: when they are checked (issue 14, item 5)', () => {
  const MB = 1024 * 1024;

  it('is large above the threshold in MB; 0 turns the policy off', () => {
    assert.equal(isLargeFile(20 * MB, 20), false);
    assert.equal(isLargeFile(20 * MB + 1, 20), true);
    assert.equal(isLargeFile(1e9, 0), false);
    assert.equal(isLargeFile(2000, 0.001), true);
  });

  it('a large file is checked on open, save, settings and commands; never for an edit; for news from elsewhere only while unedited', () => {
    const all: CheckTrigger[] = ['open', 'save', 'settings', 'command', 'edit', 'workspaceLabels', 'videoInfo'];
    assert.deepEqual(all.filter((trigger) => checksOn(trigger, true, true)), ['open', 'save', 'settings', 'command']);
    assert.deepEqual(all.filter((trigger) => checksOn(trigger, true, false)), ['open', 'save', 'settings', 'command', 'workspaceLabels', 'videoInfo']);
    assert.deepEqual(all.filter((trigger) => checksOn(trigger, false)), all);
  });

  it('the notice names the file and the setting', () => {
    const notice = largeFileNotice('big.annotations.json', 20);
    assert.match(notice, /^big\.annotations\.json is larger than 20 MB/);
    assert.match(notice, /opened and saved, not as you type/);
    assert.match(notice, /surgeryClassifier\.largeFileThresholdMB/);
  });
});
