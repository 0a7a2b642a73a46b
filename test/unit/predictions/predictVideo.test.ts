import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { predictVideo } from '../../../src/worker/predictVideo';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'dist/cli.js');
const sharedModel = path.resolve(root, '..', 'shared', 'models', 'mobilenet_v1_0.25_224_tfjs_layers');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

/** A test pattern as background and a fractal while "suturing" (from `start` to `end` of 30 s), as in the training test. */
function makeVideo(file: string, variant: number, start: number, end: number): void {
  const background = (seconds: number, hue: number) => `testsrc2=size=192x144:rate=5:duration=${seconds},hue=h=${hue}`;
  execFileSync(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', background(start, variant * 30),
    '-f', 'lavfi', '-i', `mandelbrot=size=192x144:rate=5:start_scale=${2 + variant * 0.3},trim=duration=${end - start}`,
    '-f', 'lavfi', '-i', background(30 - end, 90 + variant * 30),
    '-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', file,
  ]);
}

/** predictVideo's own temp folders (not this test's). */
function tempFolders(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('sc-predict-') && !name.startsWith('sc-predict-video-')).sort();
}

function cliRun(dir: string, args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
}

describe('predict-video: a trained run finds the suturing segment of an unseen video (real ffmpeg + tfjs)', function () {
  this.timeout(600_000);
  let dir: string;
  let runDir: string;

  before(() => {
    assert.ok(fs.existsSync(path.join(sharedModel, 'model.json')), `the test model is missing: ${sharedModel}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-predict-video-'));
    fs.mkdirSync(path.join(dir, 'videos'));
    const entries = [];
    for (let v = 0; v < 5; v++) {
      makeVideo(path.join(dir, 'videos', `v${v}.mp4`), v, 10, 20);
      entries.push({ videoId: `v${v}`, durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }] });
    }
    fs.writeFileSync(path.join(dir, 'train.annotations.json'), JSON.stringify(entries));
    const extract = cliRun(dir, ['extract', 'train.annotations.json', '--videos', 'videos', '--out', 'dataset', '--step', '1', '--margin', '1', '--split', '60/20/20', '--short-side', '160']);
    assert.equal(extract.status, 0, extract.stderr);
    const train = cliRun(dir, ['train', 'dataset', '--out', 'runs', '--base-model', sharedModel, '--epochs', '10', '--cache-dir', 'cache', '--backend', 'wasm', '--json']);
    assert.equal(train.status, 0, train.stderr);
    runDir = (JSON.parse(train.stdout) as { runDir: string }).runDir;
    // The unseen video: suturing at another time than in training.
    makeVideo(path.join(dir, 'videos', 'unseen.mp4'), 5, 6, 17);
    fs.writeFileSync(path.join(dir, 'unseen.annotations.json'), JSON.stringify([{ videoId: 'unseen', durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 6, endSeconds: 17 }] }]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('predicts segments that match the annotations and writes a valid annotation file', () => {
    const result = cliRun(dir, ['predict-video', runDir, 'videos/unseen.mp4', '--every', '1', '--smooth', '3', '--annotations', 'unseen.annotations.json', '--video-id', 'unseen', '--out', 'predicted/unseen.annotations.json', '--backend', 'wasm', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { times: number[]; frameAccuracy: number; segmentMetrics: { f1: number }; segments: Array<{ label: string; start: number; end: number }> };
    assert.equal(report.times.length, 30);
    assert.ok(report.segmentMetrics.f1 >= 0.5 || report.frameAccuracy >= 0.9, JSON.stringify({ segments: report.segments, acc: report.frameAccuracy, m: report.segmentMetrics }));

    const written = path.join(dir, 'predicted', 'unseen.annotations.json');
    const file = JSON.parse(fs.readFileSync(written, 'utf8'));
    assert.equal(file[0].videoId, 'unseen');
    assert.equal(file[0].video, '../videos/unseen.mp4');
    assert.ok(file[0].annotations.length >= 1);
    const validate = cliRun(dir, ['validate', written]);
    assert.equal(validate.status, 0, validate.stdout + validate.stderr);
  });

  it('prints the segments and the scores against the annotations as text', () => {
    const result = cliRun(dir, ['predict-video', runDir, 'videos/unseen.mp4', '--every', '2', '--annotations', 'unseen.annotations.json', '--video-id', 'unseen', '--backend', 'wasm']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^15 frames, one every 2 s, backend wasm\./);
    assert.match(result.stdout, /suturing {2}\d+\.\d{3}–\d+\.\d{3} s/);
    assert.match(result.stdout, /frame accuracy [\d.]+ %; segments at IoU ≥ 0\.5: precision/);
  });

  it('the worker function honours cancel: it rejects with an AbortError and leaves no temp frames', async () => {
    const before = tempFolders();
    const controller = new AbortController();
    const progress: number[] = [];
    await assert.rejects(
      predictVideo({ runDir, video: path.join(dir, 'videos', 'unseen.mp4'), everySeconds: 0.5, backend: 'wasm', signal: controller.signal, onProgress: ({ done }) => { progress.push(done); controller.abort(); } }),
      (error: Error) => error.name === 'AbortError',
    );
    assert.deepEqual(progress, [16]);
    assert.deepEqual(tempFolders(), before);
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(predictVideo({ runDir, video: path.join(dir, 'videos', 'unseen.mp4'), everySeconds: 1, backend: 'wasm', signal: aborted.signal }), (error: Error) => error.name === 'AbortError');
    assert.deepEqual(tempFolders(), before);
  });

  it('usage errors: missing video, --annotations without --video-id, unknown video id, unreadable file; --help', () => {
    assert.equal(cliRun(dir, ['predict-video', runDir]).status, 2);
    assert.equal(cliRun(dir, ['predict-video', runDir, 'videos/unseen.mp4', '--annotations', 'unseen.annotations.json']).status, 2);
    const unknown = cliRun(dir, ['predict-video', runDir, 'videos/unseen.mp4', '--annotations', 'unseen.annotations.json', '--video-id', 'nope']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /no entry with videoId nope/);
    const missing = cliRun(dir, ['predict-video', runDir, 'videos/unseen.mp4', '--annotations', 'missing.json', '--video-id', 'unseen']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read missing\.json/);
    assert.match(cliRun(dir, ['predict-video', '--help']).stdout, /^Usage: surgery-classifier predict-video RUN VIDEO/);
  });
});
