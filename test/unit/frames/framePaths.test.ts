import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { containedPath, frameRelativePath } from '../../../src/core/frames/framePaths';
import { parseShard } from '../../../src/core/frames/shards';
import { parseSplit } from '../../../src/core/frames/extractionSettings';
import { createPool } from '../../../src/core/util/concurrencyPool';

describe('frame paths and small parsers', () => {
  it('contains every path in the output folder', () => {
    const root = path.resolve('/data/out');
    assert.equal(containedPath(root, 'train/s/1-0.000.jpg'), path.join(root, 'train/s/1-0.000.jpg'));
    for (const bad of ['../x.jpg', 'train/../../x.jpg', '/etc/passwd', '', '.']) {
      assert.throws(() => containedPath(root, bad), /outside the output folder/, bad);
    }
  });

  it('names frames <split>/<class>/<videoId>-<t>.jpg with millisecond times', () => {
    assert.equal(frameRelativePath('validation', 'not-suturing', 'case-7', 12.5), 'validation/not-suturing/case-7-12.500.jpg');
  });

  it('parses shards and splits, refusing nonsense', () => {
    assert.deepEqual(parseShard('2/8'), { index: 2, count: 8 });
    for (const bad of ['0/3', '4/3', '1', 'a/b']) assert.throws(() => parseShard(bad));
    assert.deepEqual(parseSplit('70/20/10'), { train: 70, validation: 20, test: 10 });
    assert.throws(() => parseSplit('80/20'));
  });

  it('the pool never runs more than its limit, and runs everything', async () => {
    const run = createPool(2);
    let running = 0;
    let peak = 0;
    const task = async (i: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5 + (i % 3)));
      running--;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => run(() => task(i))));
    assert.equal(peak, 2);
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i));
  });
});
