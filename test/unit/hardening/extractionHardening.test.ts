import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Issue 14's findings on extraction, reproduced as written there, through the built CLI and real ffmpeg.
const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'dist/cli.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

const run = (cwd: string, args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
const write = (file: string, value: unknown) => fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));

/** Every file below a folder, relative, sorted. */
function filesBelow(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('hardening: extraction refuses what would escape, explode or leave stale frames (CLI, real ffmpeg)', function () {
  this.timeout(120_000);
  let dir: string;
  const entry = (extra: object = {}) => ({ videoId: 'clip', durationSeconds: 5, annotations: [{ label: 'suturing', startSeconds: 1, endSeconds: 3 }], ...extra });

  before(() => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built by `npm run build`');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-harden-'));
    fs.mkdirSync(path.join(dir, 'videos'));
    execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=25:duration=5', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path.join(dir, 'videos', 'clip.mp4')]);
    write(path.join(dir, 'a.annotations.json'), [entry()]);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('2. a symlinked class folder inside --out is refused, naming it; nothing lands outside', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-outside-'));
    try {
      fs.mkdirSync(path.join(dir, 'out-link', 'train'), { recursive: true });
      fs.symlinkSync(outside, path.join(dir, 'out-link', 'train', 'suturing'));
      const result = run(dir, ['extract', 'a.annotations.json', '--videos', 'videos', '--out', 'out-link', '--split', '1/0/0', '--step', '1']);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /out-link\/train\/suturing is a symbolic link/);
      assert.deepEqual(fs.readdirSync(outside), [], 'no frame written through the link');
      assert.ok(!fs.existsSync(path.join(dir, 'out-link', 'manifest.jsonl')));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('3. durationSeconds 1e308 is flagged by validate and left out by extract, which does not crash', () => {
    write(path.join(dir, 'huge.annotations.json'), `[{"videoId": "clip", "durationSeconds": 1e308, "annotations": [{"label": "suturing", "startSeconds": 1, "endSeconds": 3}]}]`);
    const validate = run(dir, ['validate', 'huge.annotations.json']);
    assert.equal(validate.status, 1);
    assert.match(validate.stdout, /huge\.annotations\.json:1:\d+ error implausible-time durationSeconds 1e308 is more than 604800 s/);
    const extract = run(dir, ['extract', 'huge.annotations.json', '--videos', 'videos', '--out', 'out-huge']);
    assert.equal(extract.status, 2, extract.stderr);
    assert.match(extract.stderr, /Every entry of the annotation file is left out.*entry 1 \(videoId "clip"\) has durationSeconds 1e\+308, more than 604800 s/);
    assert.doesNotMatch(extract.stderr, /no labelled segments|Fatal|RangeError/);
  });

  it('3. --step 1e-300 and 0.0001 are refused before any frame; a plan above --max-frames is refused', () => {
    for (const step of ['1e-300', '0.0001']) {
      const result = run(dir, ['extract', 'a.annotations.json', '--videos', 'videos', '--out', `out-step-${step}`, '--step', step]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /The step must be at least 0\.001 s/);
      assert.ok(!fs.existsSync(path.join(dir, `out-step-${step}`, 'train')));
    }
    const capped = run(dir, ['extract', 'a.annotations.json', '--videos', 'videos', '--out', 'out-max', '--step', '0.01', '--max-frames', '100']);
    assert.equal(capped.status, 2, capped.stderr);
    assert.match(capped.stderr, /The plan holds 500 frames at a step of 0\.01 s, above the limit of 100\. .*--max-frames/);
    assert.ok(!fs.existsSync(path.join(dir, 'out-max', 'train')), 'nothing written');
  });

  it('3. a step below one frame interval is extracted with a warning that the frames are copies', () => {
    const result = run(dir, ['extract', 'a.annotations.json', '--videos', 'videos', '--out', 'out-fine', '--step', '0.02', '--split', '1/0/0', '--json']);
    assert.equal(result.status, 0, result.stderr);
    const summary = JSON.parse(result.stdout) as { warnings: string[] };
    assert.ok(summary.warnings.some((w) => /step of 0\.02 s is shorter than one frame interval \(0\.0400 s at 25 fps\)/.test(w)), summary.warnings.join('\n'));
  });

  it('7, 8, 10. unsafe labels and ids: validate says so first, extract names what it left out and why', () => {
    const bad = `[
  {"videoId": 1e309, "durationSeconds": 5, "annotations": [{"label": "suturing", "startSeconds": 1, "endSeconds": 3}]},
  {"videoId": 9007199254740993, "durationSeconds": 5, "annotations": []},
  {"videoId": 9007199254740992, "durationSeconds": 5, "annotations": []},
  {"videoId": "${'x'.repeat(300)}", "durationSeconds": 5, "annotations": []},
  {"videoId": "ok", "durationSeconds": 5, "annotations": [{"label": "a/b", "startSeconds": 1, "endSeconds": 2}, {"label": "   ", "startSeconds": 2, "endSeconds": 3}, {"label": "x\\u0000", "startSeconds": 3, "endSeconds": 4}]}
]`;
    write(path.join(dir, 'bad.annotations.json'), bad);
    const validate = run(dir, ['validate', 'bad.annotations.json']);
    const lines = validate.stdout.trim().split('\n');
    const codes = (code: string) => lines.filter((line) => line.includes(` ${code} `));
    assert.match(codes('unsafe-video-id')[0], /videoId 1e309 is too large to be a number .* Write it as a string, "1e309"/);
    assert.ok(codes('unsafe-video-id').some((line) => /videoId 9007199254740993 is above 2\^53/.test(line)), lines.join('\n'));
    assert.ok(codes('unsafe-video-id').some((line) => /is longer than 200 bytes/.test(line)));
    assert.match(codes('duplicate-video-id')[0], /videoId 9007199254740992 is used by another entry of this file \(there written 9007199254740993\)/);
    assert.equal(codes('unsafe-label').length, 3, lines.join('\n'));
    assert.ok(codes('unsafe-label').some((line) => /Label " {3}" is only white space/.test(line)));

    // Only the unsafe entries: extract says they were left out, and why, instead of "no labelled segments".
    write(path.join(dir, 'ids.annotations.json'), `[{"videoId": 1e309, "durationSeconds": 5, "annotations": [{"label": "suturing", "startSeconds": 1, "endSeconds": 3}]}, {"videoId": "${'y'.repeat(300)}", "durationSeconds": 5, "annotations": [{"label": "suturing", "startSeconds": 1, "endSeconds": 3}]}]`);
    const extract = run(dir, ['extract', 'ids.annotations.json', '--videos', 'videos', '--out', 'out-ids']);
    assert.equal(extract.status, 2);
    assert.match(extract.stderr, /Every entry of the annotation file is left out.*entry 1 \(videoId "Infinity"\) videoId is too large to be a number.*entry 2 .*longer than 200 bytes/);
    assert.doesNotMatch(extract.stderr, /ENAMETOOLONG|no labelled segments/);
  });

  it('13. a rerun with another step removes the frames the old manifest listed, and nothing else', () => {
    const first = run(dir, ['extract', 'a.annotations.json', '--videos', 'videos', '--out', 'out-rerun', '--step', '1', '--split', '1/0/0']);
    assert.equal(first.status, 0, first.stderr);
    const foreign = path.join(dir, 'out-rerun', 'train', 'suturing', 'mine.jpg');
    fs.writeFileSync(foreign, 'a file the user put there');
    const second = run(dir, ['extract', 'a.annotations.json', '--videos', 'videos', '--out', 'out-rerun', '--step', '2', '--split', '1/0/0', '--json']);
    assert.equal(second.status, 0, second.stderr);
    const summary = JSON.parse(second.stdout) as { staleFramesRemoved: number };
    const manifest = fs.readFileSync(path.join(dir, 'out-rerun', 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { path: string }).path);
    const jpegs = filesBelow(path.join(dir, 'out-rerun')).filter((file) => file.endsWith('.jpg'));
    assert.deepEqual(jpegs, [...manifest, 'train/suturing/mine.jpg'].sort(), 'the folder holds the new plan and the foreign file');
    assert.equal(summary.staleFramesRemoved, 5 - 3, 'times 1 and 3 of step 1 are gone; 0, 2, 4 are kept');
  });

  it('6. validate refuses a FIFO and a folder in one line each, without hanging', () => {
    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const result = spawnSync(process.execPath, [cli, 'validate', fifo, 'videos'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.signal, null, 'validate returned instead of blocking on the pipe');
    assert.equal(result.status, 2);
    assert.deepEqual(result.stderr.trim().split('\n'), [
      `${fifo} is not a regular file (a named pipe); only regular files are read. Give a file saved on disk.`,
      'videos is a folder, not a file. Give the annotation file inside it.',
    ]);
  });
});
