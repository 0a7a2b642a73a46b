import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'dist/cli.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

/** Real ffmpeg, real videos made here: three short clips and one corrupt file. */
function makeWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-extract-'));
  fs.mkdirSync(path.join(dir, 'videos'));
  for (const [id, seconds, gop] of [['a', 40, 10], ['b', 30, 100], ['c', 24, 10]] as const) {
    execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc=size=160x120:rate=10:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(gop), '-pix_fmt', 'yuv420p', path.join(dir, 'videos', `${id}.mp4`)]);
  }
  fs.writeFileSync(path.join(dir, 'videos', 'broken.mp4'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
  const annotations = [
    { videoId: 'a', durationSeconds: 40, annotations: [{ label: 'suturing', startSeconds: 4, endSeconds: 14 }, { label: 'suturing', startSeconds: 30, endSeconds: 36 }] },
    { videoId: 'b', durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 0, endSeconds: 9 }] },
    { videoId: 'c', durationSeconds: 24, annotations: [{ label: 'suturing', startSeconds: 10, endSeconds: 20 }] },
    { videoId: 'broken', durationSeconds: 20, annotations: [{ label: 'suturing', startSeconds: 2, endSeconds: 6 }] },
  ];
  fs.writeFileSync(path.join(dir, 'suturing.annotations.json'), JSON.stringify(annotations, null, 2));
  return dir;
}

const extractArgs = (out: string, extra: string[] = []) => ['extract', 'suturing.annotations.json', '--videos', 'videos', '--out', out, '--step', '2', '--split', '1/1/1', '--concurrency', '2', ...extra];

function extract(dir: string, out: string, extra: string[] = []) {
  const result = spawnSync(process.execPath, [cli, ...extractArgs(out, extra), '--json'], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, summary: result.stdout ? JSON.parse(result.stdout) : undefined, stderr: result.stderr };
}

/** Every file under a folder with its bytes, relative paths sorted. */
function snapshot(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(folder, full), fs.readFileSync(full));
    }
  };
  walk(folder);
  return files;
}

const isCompleteJpeg = (bytes: Buffer): boolean => bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;

describe('frame extraction end to end (CLI, real ffmpeg)', function () {
  this.timeout(240_000);
  let dir: string;
  let reference: Map<string, Buffer>;

  before(() => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built by `npm run build`');
    dir = makeWorkspace();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the planned frames per class and split; a corrupt video fails alone with a clear message', () => {
    const { status, summary } = extract(dir, 'out-full');
    assert.equal(status, 1, 'exit 1: one video failed');
    assert.equal(summary.failures.length, 1);
    assert.equal(summary.failures[0].videoId, 'broken');
    assert.match(summary.failures[0].message, /broken\.mp4/);
    // a: 20 frames (t = 0..38), 5 + 3 in segments; b: 15 frames, 5 in; c: 12 frames, 5 in.
    const totals = Object.values(summary.counts as Record<string, Record<string, number>>).reduce(
      (sum, perClass) => ({ s: sum.s + perClass['suturing'], n: sum.n + perClass['not-suturing'] }),
      { s: 0, n: 0 },
    );
    assert.deepEqual(totals, { s: 8 + 5 + 5, n: 12 + 10 + 7 });
    reference = snapshot(path.join(dir, 'out-full'));
    const jpegs = [...reference].filter(([name]) => name.endsWith('.jpg'));
    assert.equal(jpegs.length, 47);
    assert.ok(jpegs.every(([, bytes]) => isCompleteJpeg(bytes)));
    assert.ok(![...reference.keys()].some((name) => name.includes('broken')), 'nothing from the corrupt video');
    const manifest = reference.get('manifest.jsonl')!.toString().trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(manifest.length, 47);
    assert.deepEqual(Object.keys(manifest[0]), ['video', 'videoId', 'time', 'class', 'split', 'path', 'annotation']);
    assert.ok(manifest.every((row) => reference.has(row.path.split('/').join(path.sep))));
    // Whole videos per split: no video in two splits.
    const splitOf = new Map<string, string>();
    for (const row of manifest) assert.equal(splitOf.get(row.videoId) ?? (splitOf.set(row.videoId, row.split), row.split), row.split);
  });

  it('a rerun writes nothing and gives byte-identical manifests', () => {
    const before = snapshot(path.join(dir, 'out-full'));
    const { summary } = extract(dir, 'out-full');
    assert.equal(summary.framesWritten, 0);
    assert.equal(summary.framesReused, 47);
    assert.deepEqual(snapshot(path.join(dir, 'out-full')), before);
  });

  it('resume after SIGKILL at random moments gives the same manifest and files, with no partial file ever visible', async () => {
    // A finer step gives the kills time to land mid-run; the reference is the same run uninterrupted.
    const fine = ['--step', '0.25'];
    extract(dir, 'out-fine', fine);
    const fineReference = snapshot(path.join(dir, 'out-fine'));
    const out = path.join(dir, 'out-killed');
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let kills = 0;
    let finished = false;
    for (let attempt = 0; attempt < 30; attempt++) {
      const child = spawn(process.execPath, [cli, ...extractArgs('out-killed', fine)], { cwd: dir, stdio: 'ignore' });
      const delay = 60 + Math.floor(random() * 400);
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      clearTimeout(timer);
      // Whatever the moment, every file under its final name is complete.
      if (fs.existsSync(out)) {
        for (const [name, bytes] of snapshot(out)) {
          if (name.endsWith('.jpg')) assert.ok(isCompleteJpeg(bytes), `${name} is incomplete after a kill`);
        }
      }
      if (code === null) {
        kills++;
        continue;
      }
      assert.equal(code, 1);
      finished = true;
      break;
    }
    assert.ok(kills >= 2, `the run was interrupted ${kills} time(s)`);
    // On a loaded machine every attempt may have been killed: one last resume, left to finish.
    if (!finished) assert.equal(extract(dir, 'out-killed', fine).status, 1);
    const resumed = snapshot(out);
    assert.deepEqual([...resumed.keys()], [...fineReference.keys()]);
    for (const [name, bytes] of fineReference) assert.ok(bytes.equals(resumed.get(name)!), `${name} differs from the uninterrupted run`);
  });

  it('shards merged with merge-manifests equal one run', () => {
    for (const shard of ['1/2', '2/2']) extract(dir, 'out-sharded', ['--shard', shard]);
    const merged = spawnSync(process.execPath, [cli, 'merge-manifests', 'out-sharded'], { cwd: dir, encoding: 'utf8' });
    assert.equal(merged.status, 0, merged.stderr);
    for (const name of ['manifest.jsonl', 'manifest.csv', 'dataset.json']) {
      assert.equal(fs.readFileSync(path.join(dir, 'out-sharded', name), 'utf8'), reference.get(name)!.toString(), name);
    }
  });

  it('refuses bad settings with exit 2 and a message', () => {
    const result = spawnSync(process.execPath, [cli, ...extractArgs('out-bad'), '--step', '0'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /step must be a positive number/);
  });
});
