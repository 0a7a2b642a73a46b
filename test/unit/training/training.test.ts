import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TrainingProcess, WorkerDiedError } from '../../../src/core/training/workerProcess';
import { TRAIN_DEFAULTS } from '../../../src/core/training/trainDefaults';
import type { TrainResult } from '../../../src/shared/workerProtocol';
import { decodeEventFile } from '../tensorboard/support/independentReader';
import { cli, makeDataset, root, sharedModel } from './trainingDataset';

function train(dir: string, extra: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const args = [cli, 'train', 'dataset', '--out', 'runs', '--base-model', sharedModel, '--epochs', '25', '--cache-dir', 'cache', '--backend', 'wasm', '--json', ...extra];
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', env });
  return { status: result.status, stderr: result.stderr, result: result.stdout.trim().startsWith('{') ? (JSON.parse(result.stdout) as TrainResult) : undefined };
}

describe('training with real tfjs on real frames (worker process, MobileNet V1 0.25)', function () {
  this.timeout(600_000);
  let dir: string;

  before(() => {
    assert.ok(fs.existsSync(path.join(sharedModel, 'model.json')), `the test model is missing: ${sharedModel}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-train-'));
    makeDataset(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  let first: TrainResult;

  it('reaches ≥ 0.95 test accuracy on held-out videos and writes the whole run folder', () => {
    const { status, result, stderr } = train(dir);
    assert.equal(status, 0, stderr);
    first = result!;
    assert.equal(first.status, 'completed');
    assert.ok(first.testAccuracy! >= 0.95, `test accuracy ${first.testAccuracy}`);
    assert.equal(first.backend.used, 'wasm');
    assert.ok(first.embeddingsComputed > 100 && first.embeddingsCached === 0);
    for (const file of ['config.json', 'labels.json', 'model/model.json', 'model/weights.bin', 'metrics.jsonl', 'evaluation.json', 'run.json']) {
      assert.ok(fs.existsSync(path.join(first.runDir, file)), file);
    }
    // The run's TensorBoard files, read by the independent reader (every CRC checked, official protos).
    const epochs = fs.readFileSync(path.join(first.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((m) => m.kind === 'epoch');
    for (const split of ['train', 'validation']) {
      const events = fs.readdirSync(path.join(first.runDir, 'logs', split)).filter((name) => name.startsWith('events.out.tfevents.'));
      assert.equal(events.length, 1, split);
      const decoded = decodeEventFile(fs.readFileSync(path.join(first.runDir, 'logs', split, events[0])));
      assert.equal(decoded[0].file_version, 'brain.Event:2');
      const tags = new Set(decoded.flatMap((event) => event.values.map((v) => v.tag)));
      assert.ok(tags.has('accuracy') && tags.has('cross_entropy'), `${split}: ${[...tags].join(', ')}`);
      if (split === 'validation') {
        const accuracy = decoded.flatMap((event) => event.values.filter((v) => v.tag === 'accuracy').map((v) => v.simple_value!));
        assert.equal(accuracy.length, epochs.length);
        assert.ok(Math.abs(accuracy[accuracy.length - 1] - epochs[epochs.length - 1].validationAccuracy) < 1e-6);
      }
    }
    const evaluation = JSON.parse(fs.readFileSync(path.join(first.runDir, 'evaluation.json'), 'utf8'));
    assert.deepEqual(evaluation.classes, ['suturing', 'not-suturing']);
    assert.equal(evaluation.confusion.length, 2);
    assert.ok(evaluation.predictions.length > 10 && evaluation.prCurves.suturing.length > 0);
    // The temporal model: chosen on held-out videos, saved, and its test figures beside frame-only.
    const temporal = JSON.parse(fs.readFileSync(path.join(first.runDir, 'temporal.json'), 'utf8'));
    assert.ok(['frame', 'smoothing', 'hmm'].includes(temporal.model.kind), JSON.stringify(temporal.model));
    assert.deepEqual(temporal.background, ['not-suturing'], 'frames in no segment are the background');
    assert.deepEqual(temporal.statistics.classes, ['suturing', 'not-suturing']);
    assert.ok(temporal.candidates.length >= 3 && temporal.candidates.every((c: { score: number }) => c.score >= 0 && c.score <= 100));
    assert.equal(evaluation.temporal.model, temporal.name);
    assert.equal(evaluation.temporal.perVideo.length, evaluation.temporal.temporal.videos);
    const testFrames = evaluation.temporal.perVideo.reduce((sum: number, v: { frameOnly: { frames: number } }) => sum + v.frameOnly.frames, 0);
    assert.equal(testFrames, evaluation.predictions.length);
    assert.ok(Math.abs(evaluation.temporal.frameOnly.pooled.frameAccuracy - evaluation.accuracy) < 1e-9, 'frame-only pooled accuracy is the classifier\'s test accuracy');
    const config = JSON.parse(fs.readFileSync(path.join(first.runDir, 'config.json'), 'utf8'));
    assert.equal(config.backend.used, 'wasm');
    assert.match(config.dataset.manifestSha256, /^[0-9a-f]{64}$/);
    assert.equal(JSON.parse(fs.readFileSync(path.join(first.runDir, 'run.json'), 'utf8')).status, 'completed');
  });

  it('predict scores images with the saved classifier in one call', () => {
    const manifest = fs.readFileSync(path.join(dir, 'dataset', 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const suturing = manifest.find((row) => row.split === 'test' && row.class === 'suturing');
    const background = manifest.find((row) => row.split === 'test' && row.class === 'not-suturing');
    const images = [suturing.path, background.path].map((p: string) => path.join(dir, 'dataset', p));
    const out = spawnSync(process.execPath, [cli, 'predict', first.runDir, ...images, '--json'], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const [s, b] = JSON.parse(out.stdout);
    assert.ok(s.scores.suturing > 0.5 && b.scores['not-suturing'] > 0.5, out.stdout);
    const table = spawnSync(process.execPath, [cli, 'predict', first.runDir, ...images], { encoding: 'utf8' });
    assert.match(table.stdout.split('\n')[0], /image\s+suturing\s+not-suturing/);
  });

  it('predict refuses a run whose model.json names more classes than the model scores (issue 14, item 11)', () => {
    const edited = path.join(dir, 'edited-run');
    fs.cpSync(first.runDir, edited, { recursive: true });
    const modelJson = path.join(edited, 'model', 'model.json');
    const model = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
    model.userDefinedMetadata.surgeryClassifier.classes.push('knot-tying');
    fs.writeFileSync(modelJson, JSON.stringify(model));
    const image = path.join(dir, 'dataset', (JSON.parse(fs.readFileSync(path.join(dir, 'dataset', 'manifest.jsonl'), 'utf8').split('\n')[0]) as { path: string }).path);
    const out = spawnSync(process.execPath, [cli, 'predict', edited, image, '--json'], { encoding: 'utf8' });
    assert.equal(out.status, 2, out.stdout);
    assert.match(out.stderr, /names 3 classes \(suturing, not-suturing, knot-tying\) but the model gives 2 scores per image/);
    assert.equal(out.stdout, '', 'no scores printed');
  });

  it('a class with no training frame trains with a warning, named in the result (issue 14, item 12)', () => {
    const ghostly = path.join(dir, 'ghost-dataset');
    fs.cpSync(path.join(dir, 'dataset'), ghostly, { recursive: true });
    const datasetJson = path.join(ghostly, 'dataset.json');
    fs.writeFileSync(datasetJson, JSON.stringify({ ...JSON.parse(fs.readFileSync(datasetJson, 'utf8')), classes: ['suturing', 'not-suturing', 'ghost'] }));
    const args = [cli, 'train', ghostly, '--out', 'runs', '--base-model', sharedModel, '--epochs', '2', '--cache-dir', 'cache', '--backend', 'wasm', '--json'];
    const out = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stderr, /warn: Class "ghost" has no training frame: the classifier cannot learn it/);
    assert.deepEqual((JSON.parse(out.stdout) as TrainResult).emptyClasses, ['ghost']);
  });

  it('a second run takes every embedding from the cache; a corrupt JPEG is skipped and named', () => {
    const manifest = fs.readFileSync(path.join(dir, 'dataset', 'manifest.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const victim = manifest.find((row) => row.split === 'train').path as string;
    fs.writeFileSync(path.join(dir, 'dataset', victim), Buffer.from('not a jpeg at all'));
    const { status, result, stderr } = train(dir, ['--epochs', '3']);
    assert.equal(status, 0, stderr);
    assert.equal(result!.embeddingsComputed, 0);
    assert.equal(result!.embeddingsCached, first.embeddingsComputed - 1);
    assert.deepEqual(result!.skippedImages.map((s) => s.path), [victim]);
    assert.match(stderr, new RegExp(`Skipped ${victim.replace(/[.]/g, '\\.')}`));
  });

  it('Ctrl+C cancels after the current batch, keeps the best weights and marks the run cancelled', async () => {
    const child = spawn(process.execPath, [cli, 'train', 'dataset', '--out', 'runs-cancel', '--base-model', sharedModel, '--epochs', '500', '--patience', '0', '--cache-dir', 'cache', '--backend', 'wasm', '--json'], { cwd: dir });
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (!interrupted && /epoch 2\//.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 130, stderr);
    const result = JSON.parse(stdout) as TrainResult;
    assert.equal(result.status, 'cancelled');
    assert.ok(fs.existsSync(path.join(result.runDir, 'model', 'model.json')));
    assert.equal(JSON.parse(fs.readFileSync(path.join(result.runDir, 'run.json'), 'utf8')).status, 'cancelled');
  });

  it('a worker killed with SIGKILL is reported with its last lines, and its run is marked failed', async () => {
    const training = new TrainingProcess(path.join(root, 'dist', 'worker.js'), {
      ...TRAIN_DEFAULTS,
      datasetDir: path.join(dir, 'dataset'),
      runsDir: path.join(dir, 'runs-killed'),
      baseModel: sharedModel,
      modelCacheDir: path.join(dir, 'cache', 'models'),
      embeddingCacheDir: path.join(dir, 'cache', 'embeddings'),
      backend: 'wasm',
      epochs: 500,
      patience: 0,
    }, {
      onMessage: (message) => {
        if (message.type === 'epoch' && message.metrics.epoch === 2) process.kill(training.pid!, 'SIGKILL');
      },
    });
    await assert.rejects(training.result, (error: Error) => {
      assert.ok(error instanceof WorkerDiedError);
      assert.match(error.message, /killed \(SIGKILL/);
      assert.match(error.message, /Embeddings: 0 computed/);
      return true;
    });
    const state = JSON.parse(fs.readFileSync(path.join(training.runDir!, 'run.json'), 'utf8'));
    assert.equal(state.status, 'failed');
  });

  it('says exactly why the GPU package cannot load and what was used instead', () => {
    // A real load failure: a tfjs-node-gpu whose native library is missing, found through NODE_PATH.
    const fake = path.join(dir, 'fake-modules', '@tensorflow', 'tfjs-node-gpu');
    fs.mkdirSync(fake, { recursive: true });
    fs.writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node-gpu', version: '4.22.0', main: 'index.js' }));
    fs.writeFileSync(path.join(fake, 'index.js'), "throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory');");
    const { status, result, stderr } = train(dir, ['--backend', 'gpu', '--epochs', '1'], { ...process.env, NODE_PATH: path.join(dir, 'fake-modules') });
    assert.equal(status, 0, stderr);
    assert.notEqual(result!.backend.used, 'tensorflow-gpu');
    assert.match(stderr, /libcudart\.so\.11\.0 was not found\. Install CUDA 11\.2/);
    assert.ok(result!.backend.diagnosis.some((line) => /CUDA 11\.2 \+ cuDNN 8\.1/.test(line)));
  });
});
