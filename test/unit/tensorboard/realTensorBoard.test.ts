import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { TRAINING_HPARAMS } from '../../../src/core/tensorboard/trainingHparams';
import type { TrainResult } from '../../../src/shared/workerProtocol';
import { cli, makeDataset, root, sharedModel } from '../training/trainingDataset';
import { tensorBoardVenv, type TensorBoardVenv } from './support/tensorBoardVenv';

interface Found {
  plugins: Record<string, Record<string, string[]>>;
  images: Array<{ run: string; tag: string; stated: [number, number]; decoded: [number, number]; format: string; description: string }>;
  pr_curves: Array<{ run: string; tag: string; shape: number[]; num_thresholds: number; examples: number; precision_error: number; recall_error: number; monotone: boolean; dtype: string }>;
  histograms: Array<{ run: string; tag: string; shape: number[]; count: number }>;
  hparams: Array<{ run: string; tag: string; hparams?: Array<{ name: string; domain: string | null }>; metrics?: Array<{ group: string; tag: string }>; values?: Record<string, string>; status?: number }>;
  scalars: Record<string, Record<string, number[]>>;
  projector: Array<{ folder: string; tensor_name: string; tensor_shape: number[]; tensor: number[]; header: string[]; metadata_rows: number; metadata_columns: number[]; single_image_dim: number[]; sprite: [number, number] }>;
}

const READER = path.join(root, 'test', 'unit', 'tensorboard', 'support', 'read_with_tensorboard.py');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('TensorBoard 2.21 itself reads a run made by the CLI (Python venv in .vscode-test/)', function () {
  this.timeout(1_800_000);
  let venv: TensorBoardVenv;
  let dir: string;
  let runsDir: string;
  let result: TrainResult;
  let found: Found;
  let evaluation: { accuracy: number; predictions: unknown[] };

  before(function () {
    const python = spawnSync('python3', ['-c', 'import venv'], { encoding: 'utf8' });
    assert.equal(python.status, 0, `python3 with its venv module is needed: ${python.stderr}`);
    assert.ok(fs.existsSync(path.join(sharedModel, 'model.json')), `the test model is missing: ${sharedModel}`);
    venv = tensorBoardVenv(root, (line) => console.log(`      ${line}`));
    console.log(`      tensorboard ${venv.version}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-tensorboard-'));
    makeDataset(dir);
    // A low learning rate and few epochs: some test frames are misclassified, so that every image kind appears.
    const args = [cli, 'train', 'dataset', '--out', 'runs', '--base-model', sharedModel, '--epochs', '3', '--learning-rate', '0.00003', '--cache-dir', 'cache', '--backend', 'wasm', '--json'];
    const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    result = JSON.parse(run.stdout) as TrainResult;
    assert.doesNotMatch(run.stderr, /TensorBoard: .* could not be logged/, 'no part of the logs failed');
    runsDir = path.join(dir, 'runs');
    evaluation = JSON.parse(fs.readFileSync(path.join(result.runDir, 'evaluation.json'), 'utf8'));
    found = JSON.parse(execFileSync(venv.python, [READER, runsDir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as Found;
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (sub = '') => `${path.basename(result.runDir)}/logs${sub}`;

  it('EventMultiplexer finds tags of every plugin: scalars, images, histograms, pr_curves, hparams', () => {
    for (const plugin of ['scalars', 'images', 'histograms', 'pr_curves', 'hparams']) {
      const tags = Object.values(found.plugins[plugin] ?? {}).flat();
      assert.ok(tags.length > 0, `${plugin}: ${JSON.stringify(found.plugins[plugin])}`);
    }
    assert.ok(found.plugins.scalars[run('/train')].includes('learning_rate'));
    assert.deepEqual(found.plugins.scalars[run('/validation')], ['accuracy', 'cross_entropy']);
    assert.deepEqual(found.plugins.images[run()], ['samples/not-suturing', 'samples/suturing']);
    assert.deepEqual(found.plugins.histograms[run('/train')], ['head/head_hidden/bias', 'head/head_hidden/kernel', 'head/head_softmax/bias', 'head/head_softmax/kernel']);
    assert.deepEqual(found.plugins.pr_curves[run('/validation')], ['pr_curve/not-suturing', 'pr_curve/suturing']);
    assert.deepEqual(found.plugins.pr_curves[run('/test')], ['pr_curve/not-suturing', 'pr_curve/suturing']);
    assert.deepEqual(found.plugins.hparams[run()], ['_hparams_/experiment', '_hparams_/session_end_info', '_hparams_/session_start_info']);
  });

  it('each image decodes (PIL) to the width and height its Summary.Image states; misclassified frames name both classes', () => {
    assert.ok(found.images.length >= 2);
    for (const image of found.images) {
      assert.deepEqual(image.decoded, image.stated, `${image.run} ${image.tag}`);
      assert.equal(image.format, 'JPEG');
      assert.ok(image.description.length > 0, 'the Python loader keeps the description');
    }
    const misclassified = found.images.filter((image) => image.tag.startsWith('misclassified/'));
    console.log(`      test accuracy ${evaluation.accuracy.toFixed(3)}: ${misclassified.length} misclassified grid(s)`);
    if (evaluation.accuracy < 1) {
      assert.ok(misclassified.length > 0, `accuracy ${evaluation.accuracy} but no misclassified frames`);
      for (const image of misclassified) {
        assert.equal(image.run, run('/test'));
        assert.match(image.tag, /^misclassified\/(suturing\/as_not-suturing|not-suturing\/as_suturing)$/);
      }
    }
  });

  it('PR curves: a [6, N] float tensor, N the plugin metadata’s num_thresholds, precision and recall consistent with TP/FP/FN', () => {
    assert.ok(found.pr_curves.length >= 4);
    const testFrames = evaluation.predictions.length;
    for (const curve of found.pr_curves) {
      assert.deepEqual(curve.shape, [6, curve.num_thresholds]);
      assert.equal(curve.num_thresholds, 101);
      assert.ok(curve.precision_error < 1e-5 && curve.recall_error < 1e-5, JSON.stringify(curve));
      assert.ok(curve.monotone, 'TP and FP fall as the threshold rises');
      if (curve.run === run('/test')) assert.equal(curve.examples, testFrames);
    }
    const epochs = fs.readFileSync(path.join(result.runDir, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"kind":"epoch"')).length;
    assert.equal(found.pr_curves.filter((c) => c.run === run('/validation') && c.tag === 'pr_curve/suturing').length, epochs, 'one per epoch');
  });

  it('histograms: every weight of the head each epoch, all its values counted', () => {
    const kernel = found.histograms.filter((h) => h.tag === 'head/head_hidden/kernel');
    assert.ok(kernel.length >= 1);
    for (const h of kernel) assert.equal(h.count, 256 * 64);
    assert.ok(found.histograms.every((h) => h.shape[1] === 3 && h.shape[0] >= 1));
  });

  it('hparams: the experiment lists every setting and the metrics, one session with start and end (success)', () => {
    const experiment = found.hparams.find((h) => h.tag === '_hparams_/experiment')!;
    assert.deepEqual(experiment.hparams!.map((h) => h.name), TRAINING_HPARAMS.map((h) => h.name));
    assert.ok(experiment.metrics!.some((m) => m.tag === 'final/test_accuracy'));
    const start = found.hparams.find((h) => h.tag === '_hparams_/session_start_info')!;
    assert.deepEqual(Object.keys(start.values!).sort(), TRAINING_HPARAMS.map((h) => h.name).sort());
    assert.equal(found.hparams.find((h) => h.tag === '_hparams_/session_end_info')!.status, 1);
    const finals = found.scalars[run()];
    assert.ok(Math.abs(finals['final/test_accuracy'][0] - evaluation.accuracy) < 1e-6);
    assert.ok('final/test_edit' in finals && 'final/test_f1_at_25' in finals && 'final/best_validation_accuracy' in finals, Object.keys(finals).join(', '));
  });

  it('projector: projector_config.pbtxt parses (text_format), tensor rows = metadata rows, the sprite has the stated size', () => {
    assert.equal(found.projector.length, 1);
    const [p] = found.projector;
    assert.equal(p.folder, run());
    assert.deepEqual(p.tensor, p.tensor_shape);
    assert.equal(p.tensor[1], 256);
    assert.equal(p.metadata_rows, p.tensor[0]);
    assert.deepEqual(p.header, ['class', 'split', 'video', 'time', 'predicted class', 'correct']);
    assert.deepEqual(p.metadata_columns, [6]);
    const columns = Math.ceil(Math.sqrt(p.tensor[0]));
    assert.deepEqual(p.sprite, [columns * p.single_image_dim[0], Math.ceil(p.tensor[0] / columns) * p.single_image_dim[1]]);
  });

  it('a real `tensorboard --logdir <runs folder>` on 127.0.0.1 serves every plugin’s data', async () => {
    const port = await freePort();
    const child: ChildProcess = spawn(venv.tensorboard, ['--logdir', runsDir, '--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    const get = async (route: string, init?: RequestInit) => {
      const response = await fetch(`${base}${route}`, init);
      assert.equal(response.status, 200, `${route}: ${response.status} ${await response.clone().text()}`);
      return response;
    };
    try {
      const deadline = Date.now() + 120_000;
      for (;;) {
        assert.equal(child.exitCode, null, `tensorboard exited: ${stderr}`);
        const ok = await fetch(`${base}/data/logdir`).then((r) => r.ok, () => false);
        if (ok) break;
        assert.ok(Date.now() < deadline, `tensorboard did not answer within 120 s: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      // Plugins with a /tags route: our runs and tags are there (the scalars plugin may need a reload cycle first).
      for (const plugin of ['scalars', 'images', 'histograms', 'distributions', 'pr_curves']) {
        let tags: Record<string, Record<string, unknown>> = {};
        for (let attempt = 0; attempt < 60 && !Object.keys(tags).some((r) => r.startsWith(path.basename(result.runDir))); attempt++) {
          tags = (await (await get(`/data/plugin/${plugin}/tags`)).json()) as typeof tags;
          if (!Object.keys(tags).length) await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        const ours = Object.entries(tags).filter(([r]) => r.startsWith(path.basename(result.runDir)));
        assert.ok(ours.some(([, t]) => Object.keys(t).length > 0), `${plugin}/tags: ${JSON.stringify(tags)}`);
      }
      // hparams has no /tags: its experiment and session groups are what its dashboard asks for.
      const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const experiment = (await (await get('/data/plugin/hparams/experiment', json({ experimentName: '' }))).json()) as { hparamInfos: Array<{ name: string }> };
      assert.deepEqual(experiment.hparamInfos.map((h) => h.name).sort(), TRAINING_HPARAMS.map((h) => h.name).sort());
      const groups = (await (await get('/data/plugin/hparams/session_groups', json({ experimentName: '', allowedStatuses: ['STATUS_UNKNOWN', 'STATUS_SUCCESS', 'STATUS_FAILURE', 'STATUS_RUNNING'], colParams: [], startIndex: 0, sliceSize: 10 }))).json()) as { sessionGroups: Array<{ name: string; metricValues: Array<{ name: { tag: string } }> }> };
      assert.equal(groups.sessionGroups.length, 1);
      assert.equal(groups.sessionGroups[0].name, run());
      assert.ok(groups.sessionGroups[0].metricValues.some((m) => m.name.tag === 'final/test_accuracy'), JSON.stringify(groups));
      // The projector has no /tags either: its runs, config, tensor and sprite.
      const runs = (await (await get('/data/plugin/projector/runs')).json()) as string[];
      assert.deepEqual(runs, [run()]);
      const query = `run=${encodeURIComponent(run())}&name=frames`;
      const info = (await (await get(`/data/plugin/projector/info?run=${encodeURIComponent(run())}`)).json()) as { embeddings: Array<{ tensorShape: number[] }> };
      const [rows, dims] = info.embeddings[0].tensorShape;
      const tensor = await (await get(`/data/plugin/projector/tensor?${query}`)).arrayBuffer();
      assert.equal(tensor.byteLength, rows * dims * 4);
      const metadata = await (await get(`/data/plugin/projector/metadata?${query}`)).text();
      assert.equal(metadata.trim().split('\n').length, rows + 1);
      const sprite = await get(`/data/plugin/projector/sprite_image?${query}`);
      assert.equal(sprite.headers.get('content-type'), 'image/jpeg');
    } finally {
      // Its own process group: TensorBoard and the data server it started.
      if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    }
  });
});
