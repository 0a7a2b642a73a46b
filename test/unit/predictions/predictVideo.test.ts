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

/** Suturing from 6 to 18 s of 30, with a 1-s glimpse of the background pattern at 11 s. */
function makeGlitchVideo(file: string): void {
  const pattern = (seconds: number, hue: number) => `testsrc2=size=192x144:rate=5:duration=${seconds},hue=h=${hue}`;
  const fractal = (seconds: number) => `mandelbrot=size=192x144:rate=5:start_scale=3.5,trim=duration=${seconds}`;
  execFileSync(ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', pattern(6, 150), '-f', 'lavfi', '-i', fractal(5), '-f', 'lavfi', '-i', pattern(1, 150), '-f', 'lavfi', '-i', fractal(6), '-f', 'lavfi', '-i', pattern(12, 240),
    '-filter_complex', '[0:v][1:v][2:v][3:v][4:v]concat=n=5:v=1:a=0,format=yuv420p', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', file,
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
    const report = JSON.parse(result.stdout) as { times: number[]; labels: string[]; frameAccuracy: number; segmentMetrics: { f1: number }; segments: Array<{ label: string; start: number; end: number }>; metrics: Record<string, number> };
    assert.equal(report.times.length, 30);
    // The field's metrics of the printed labels, worked out here from the definitions: accuracy over
    // frames; with the background left out, edit is 100 and F1 is 100 exactly when one suturing run is printed.
    const truthAt = (t: number) => (t >= 6 && t < 17 ? 'suturing' : 'not-suturing');
    assert.equal(report.metrics.frameAccuracy, report.labels.filter((l, i) => l === truthAt(report.times[i])).length / 30);
    assert.deepEqual(Object.keys(report.metrics).sort(), ['editScore', 'f1At10', 'f1At25', 'f1At50', 'frameAccuracy']);
    const suturingRuns = report.labels.filter((l, i) => l === 'suturing' && report.labels[i - 1] !== 'suturing').length;
    assert.equal(report.metrics.editScore === 100, suturingRuns === 1, JSON.stringify(report.metrics));
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
    assert.match(result.stdout, /^15 frames, one every 2 s, read with (frame only|smoothing [\d.]+ s|hmm \(weight [\d.]+\)), backend wasm\./);
    assert.match(result.stdout, /suturing {2}\d+\.\d{3}–\d+\.\d{3} s/);
    assert.match(result.stdout, /frame accuracy [\d.]+ %, edit [\d.]+, F1@10 [\d.]+, F1@25 [\d.]+, F1@50 [\d.]+\.\nSegments at IoU ≥ 0\.5: precision/);
  });

  it('the HMM mends an over-segmented prediction: a 1-s glitch inside suturing splits the frame-only reading, not the decoded one', () => {
    makeGlitchVideo(path.join(dir, 'videos', 'glitch.mp4'));
    fs.writeFileSync(path.join(dir, 'glitch.annotations.json'), JSON.stringify([{ videoId: 'glitch', durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 6, endSeconds: 18 }] }]));
    const read = (temporal: string) => {
      const result = cliRun(dir, ['predict-video', runDir, 'videos/glitch.mp4', '--every', '1', '--temporal', temporal, '--annotations', 'glitch.annotations.json', '--video-id', 'glitch', '--backend', 'wasm', '--json']);
      assert.equal(result.status, 0, result.stderr);
      return JSON.parse(result.stdout) as { segments: Array<{ label: string }>; metrics: { editScore: number; f1At50: number }; temporalModel: string };
    };
    const frameOnly = read('frame');
    assert.ok(frameOnly.segments.length >= 2, `the glitch splits suturing frame by frame: ${JSON.stringify(frameOnly.segments)}`);
    assert.ok(frameOnly.metrics.editScore < 100);
    const decoded = read('hmm');
    assert.match(decoded.temporalModel, /^hmm/);
    assert.equal(decoded.segments.length, 1, JSON.stringify(decoded.segments));
    assert.equal(decoded.metrics.editScore, 100);
    assert.equal(decoded.metrics.f1At50, 100);
  });

  it('evaluate runs over every annotated video of a folder: a table per video and the mean; --json', () => {
    fs.writeFileSync(path.join(dir, 'all.annotations.json'), JSON.stringify([
      { videoId: 'unseen', durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 6, endSeconds: 17 }] },
      { videoId: 'v0', durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }] },
      { videoId: 'absent', durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 1, endSeconds: 2 }] },
    ]));
    const json = cliRun(dir, ['evaluate', runDir, '--annotations', 'all.annotations.json', '--videos', 'videos', '--every', '2', '--backend', 'wasm', '--relaxed', '4', '--json']);
    assert.equal(json.status, 0, json.stderr);
    assert.match(json.stderr, /no video file for absent/);
    const report = JSON.parse(json.stdout) as { perVideo: Array<{ videoId: string; frameOnly: { frames: number; frameAccuracy: number }; temporal: { frameAccuracy: number } }>; frameOnly: { videos: number; mean: { frameAccuracy: number } }; temporal: { mean: { f1At25: number } }; relaxed: { perVideo: Record<string, { frameAccuracy: number; jaccard: number }>; frameAccuracy: number } };
    // The boundary tolerance only ever turns wrong frames right.
    for (const v of report.perVideo) assert.ok(report.relaxed.perVideo[v.videoId].frameAccuracy >= v.temporal.frameAccuracy, JSON.stringify(report.relaxed));
    assert.deepEqual(report.perVideo.map((v) => [v.videoId, v.frameOnly.frames]), [['unseen', 15], ['v0', 15]]);
    assert.equal(report.frameOnly.videos, 2);
    assert.equal(report.frameOnly.mean.frameAccuracy, (report.perVideo[0].frameOnly.frameAccuracy + report.perVideo[1].frameOnly.frameAccuracy) / 2);
    const text = cliRun(dir, ['evaluate', runDir, '--annotations', 'all.annotations.json', '--videos', 'videos', '--every', '2', '--backend', 'wasm', '--relaxed', '2']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^video +method +frames +acc % +majority %/);
    assert.match(text.stdout, /\nunseen +frame only +15 /);
    assert.match(text.stdout, /\nmean +frame only/);
    assert.match(text.stdout, /relaxed acc % \(2 s\)/);
    assert.equal(cliRun(dir, ['evaluate', runDir, '--annotations', 'all.annotations.json']).status, 2, '--videos is required');
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
    assert.match(missing.stderr, /missing\.json not found/);
    assert.match(cliRun(dir, ['predict-video', '--help']).stdout, /^Usage: surgery-classifier predict-video RUN VIDEO/);
  });
});
