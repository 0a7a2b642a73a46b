import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TrainingProcess } from '../../../src/core/training/workerProcess';
import { TRAIN_DEFAULTS } from '../../../src/core/training/trainDefaults';
import type { TrainConfig } from '../../../src/shared/workerProtocol';
import { cli, makeDataset, readManifest, root, sharedModel } from './trainingDataset';

describe('training with augmented copies (worker process, real frames, MobileNet V1 0.25)', function () {
  this.timeout(600_000);
  let dir: string;
  let counts: Record<string, number>;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-augment-'));
    makeDataset(dir);
    counts = {};
    for (const row of readManifest(path.join(dir, 'dataset'))) counts[row.split] = (counts[row.split] ?? 0) + 1;
    assert.ok(counts.train > 50 && counts.validation > 10 && counts.test > 10, JSON.stringify(counts));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function train(overrides: Partial<TrainConfig>) {
    const logs: string[] = [];
    const training = new TrainingProcess(path.join(root, 'dist', 'worker.js'), {
      ...TRAIN_DEFAULTS,
      datasetDir: path.join(dir, 'dataset'),
      runsDir: path.join(dir, 'runs'),
      baseModel: sharedModel,
      modelCacheDir: path.join(dir, 'cache', 'models'),
      embeddingCacheDir: path.join(dir, 'cache', 'embeddings'),
      backend: 'wasm',
      epochs: 8,
      augmentation: ['flip', 'brightness', 'crop'],
      augmentedCopies: 2,
      ...overrides,
    }, { onMessage: (message) => message.type === 'log' && logs.push(message.message) });
    return { result: await training.result, logs };
  }

  it('embeds each training frame and its copies once, never augments validation or test frames, and still learns', async () => {
    const { result, logs } = await train({});
    const total = counts.train + counts.validation + counts.test;
    // Copies of validation or test frames would add to this count.
    assert.equal(result.embeddingsComputed, total + 2 * counts.train);
    assert.equal(result.embeddingsCached, 0);
    assert.ok(logs.includes(`Training on ${counts.train} frames and ${2 * counts.train} augmented copies`), logs.join('\n'));
    const evaluation = JSON.parse(fs.readFileSync(path.join(result.runDir, 'evaluation.json'), 'utf8')) as { predictions: unknown[] };
    assert.equal(evaluation.predictions.length, counts.test);
    assert.ok(result.testAccuracy! >= 0.95, `test accuracy ${result.testAccuracy}`);
    const config = JSON.parse(fs.readFileSync(path.join(result.runDir, 'config.json'), 'utf8')) as TrainConfig;
    assert.deepEqual(config.augmentation, ['flip', 'brightness', 'crop']);
    assert.equal(config.augmentedCopies, 2);
  });

  it('a rerun takes every copy from the cache; one more copy computes only that copy', async () => {
    const total = counts.train + counts.validation + counts.test;
    const again = await train({ epochs: 1 });
    assert.equal(again.result.embeddingsComputed, 0);
    assert.equal(again.result.embeddingsCached, total + 2 * counts.train);
    // Copies 0 and 1 are the same variants as before (same seed, image and copy): only copy 2 is new.
    const more = await train({ epochs: 1, augmentedCopies: 3 });
    assert.equal(more.result.embeddingsComputed, counts.train);
    assert.equal(more.result.embeddingsCached, total + 2 * counts.train);
    // Another seed is another set of variants; the frames themselves stay cached.
    const reseeded = await train({ epochs: 1, seed: 7 });
    assert.equal(reseeded.result.embeddingsComputed, 2 * counts.train);
    assert.equal(reseeded.result.embeddingsCached, total);
  });

  it('the CLI refuses unknown augmentations and out-of-range counts before starting a worker', () => {
    for (const [args, message] of [
      [['--augment', 'flip,rotate'], /--augment takes a comma list of flip, brightness, crop, not "rotate"/],
      [['--augmented-copies', '11'], /--augmented-copies must be a valid number/],
      [['--fine-tune-blocks', '14'], /--fine-tune-blocks must be a valid number/],
    ] as const) {
      const out = spawnSync(process.execPath, [cli, 'train', 'dataset', '--out', 'runs-refused', ...args], { cwd: dir, encoding: 'utf8' });
      assert.equal(out.status, 2, out.stderr);
      assert.match(out.stderr, message);
    }
    assert.ok(!fs.existsSync(path.join(dir, 'runs-refused')));
  });
});
