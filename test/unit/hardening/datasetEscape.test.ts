import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDatasetManifest } from '../../../src/core/frames/datasetManifest';
import { describePredictions, SpotCheckInputError, testSplitFrames } from '../../../src/core/predictions/spotCheckSources';

// Issue 14, item 1: a manifest row with "path": "../../../../../../etc/passwd" made training open it.
const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'dist/cli.js');

const row = (relative: string, split = 'train', cls = 'suturing') =>
  JSON.stringify({ video: 'v.mp4', videoId: 'v', time: 0, class: cls, split, path: relative, annotation: null });

function dataset(dir: string, rows: string[]): string {
  fs.mkdirSync(path.join(dir, 'train', 'suturing'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'train', 'suturing', 'v-0.000.jpg'), 'not read');
  fs.writeFileSync(path.join(dir, 'manifest.jsonl'), rows.map((line) => line + '\n').join(''));
  fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify({ classes: ['suturing', 'background'] }));
  return dir;
}

describe('hardening: a manifest may only name files inside its dataset folder', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-escape-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('train refuses the dataset, naming the row\'s line and why; exit 1 and no run folder', () => {
    const data = dataset(path.join(dir, 'evil'), [row('train/suturing/v-0.000.jpg'), row('../../../../../../etc/passwd')]);
    const result = spawnSync(process.execPath, [cli, 'train', data, '--out', path.join(dir, 'runs'), '--backend', 'wasm', '--base-model', 'unused'], { encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /evil\/manifest\.jsonl:2: the frame path "\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" is refused because it resolves outside the folder/);
    assert.ok(!fs.existsSync(path.join(dir, 'runs')), 'nothing was started');
  });

  it('a path that stays inside by name but leads through a symlink is refused too (realpath)', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.jpg'), 'secret');
      const data = dataset(path.join(dir, 'linked'), [row('train/suturing/v-0.000.jpg'), row('train/leak/secret.jpg'), row('absolute.jpg')]);
      fs.symlinkSync(outside, path.join(data, 'train', 'leak'));
      await assert.rejects(readDatasetManifest(data), /linked\/manifest\.jsonl:2: the frame path "train\/leak\/secret\.jpg" is refused because it leads through a symbolic link to .*secret\.jpg/);
      fs.writeFileSync(path.join(data, 'manifest.jsonl'), row('/etc/passwd') + '\n');
      await assert.rejects(readDatasetManifest(data), /manifest\.jsonl:1: .* because it is an absolute path/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('predict refuses images of a dataset whose manifest escapes (exit 1)', () => {
    const data = dataset(path.join(dir, 'predict'), [row('train/suturing/v-0.000.jpg'), row('../outside.jpg')]);
    const result = spawnSync(process.execPath, [cli, 'predict', path.join(dir, 'no-run'), path.join(data, 'train', 'suturing', 'v-0.000.jpg')], { encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /predict\/manifest\.jsonl:2: the frame path "\.\.\/outside\.jpg" is refused/);
  });

  it('the spot check refuses it, for a run\'s test split and for images picked in the explorer', async () => {
    const data = dataset(path.join(dir, 'spot'), [row('train/suturing/v-0.000.jpg'), row('test/../../x.jpg', 'test')]);
    const runDir = path.join(dir, 'spot-run');
    fs.mkdirSync(runDir);
    fs.writeFileSync(path.join(runDir, 'config.json'), JSON.stringify({ dataset: { dir: data }, runsDir: dir }));
    const prediction = { path: 'train/suturing/v-0.000.jpg', video: 'v.mp4', videoId: 'v', time: 0, trueClass: 'suturing', scores: [0.9, 0.1] };
    fs.writeFileSync(path.join(runDir, 'evaluation.json'), JSON.stringify({ classes: ['suturing', 'background'], predictions: [prediction] }));
    await assert.rejects(testSplitFrames(runDir, 10, 1), (error: Error) => error instanceof SpotCheckInputError && /spot\/manifest\.jsonl:2/.test(error.message));
    await assert.rejects(describePredictions(['suturing'], [{ image: path.join(data, 'train', 'suturing', 'v-0.000.jpg'), scores: { suturing: 1 } }], (i) => i), SpotCheckInputError);
    // The evaluation's own paths are held to the same rule.
    fs.writeFileSync(path.join(data, 'manifest.jsonl'), row('train/suturing/v-0.000.jpg') + '\n');
    fs.writeFileSync(path.join(runDir, 'evaluation.json'), JSON.stringify({ classes: ['suturing', 'background'], predictions: [prediction, { ...prediction, path: '../../etc/passwd' }] }));
    await assert.rejects(testSplitFrames(runDir, 10, 1), /evaluation\.json, prediction 2: the frame path "\.\.\/\.\.\/etc\/passwd" is refused/);
  });
});
