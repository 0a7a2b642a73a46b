import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOC_EXAMPLE } from './exampleFile.test';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI: surgery-classifier validate (the built dist/cli.js)', () => {
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built by `npm run build`');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-cli-'));
    fs.writeFileSync(path.join(dir, 'example.json'), DOC_EXAMPLE);
    fs.writeFileSync(path.join(dir, 'clean.json'), JSON.stringify([{ videoId: 1, durationSeconds: 10, annotations: [] }]));
    fs.writeFileSync(path.join(dir, 'bom-crlf.json'), '\ufeff' + DOC_EXAMPLE.replace(/\n/g, '\r\n'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints file:line:col severity code message and exits 1 on errors', () => {
    const result = run(['validate', 'example.json'], dir);
    assert.equal(result.status, 1);
    assert.deepEqual(result.stdout.trim().split('\n').map((line) => line.split(' ').slice(0, 3).join(' ')), [
      'example.json:4:70 error inverted-segment',
      'example.json:5:23 error segment-past-end',
    ]);
  });

  it('gives the same positions for a CRLF file with a byte order mark', () => {
    const result = run(['validate', 'bom-crlf.json'], dir);
    assert.match(result.stdout, /^bom-crlf\.json:4:70 error inverted-segment/m);
    assert.match(result.stdout, /^bom-crlf\.json:5:23 error segment-past-end/m);
  });

  it('--format json gives 0-based ranges', () => {
    const result = run(['validate', '--format', 'json', 'example.json', 'clean.json'], dir);
    const problems = JSON.parse(result.stdout);
    assert.equal(problems.length, 2);
    assert.deepEqual(problems[0], {
      file: 'example.json',
      range: { start: { line: 3, character: 69 }, end: { line: 3, character: 77 } },
      severity: 'error',
      code: 'inverted-segment',
      message: problems[0].message,
    });
  });

  it('exits 0 on a clean file, 2 on usage and I/O errors', () => {
    assert.equal(run(['validate', 'clean.json'], dir).status, 0);
    const missing = run(['validate', 'nope.json'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.json not found\. Check the path\./);
    assert.equal(run(['validate', '--bogus', 'clean.json'], dir).status, 2);
    assert.equal(run(['frobnicate'], dir).status, 2);
  });

  it('checks videos when asked, relative to the annotation file', () => {
    fs.mkdirSync(path.join(dir, 'videos'), { recursive: true });
    const result = run(['validate', '--videos-folder', 'videos', 'clean.json'], dir);
    assert.match(result.stdout, /missing-video Video file not found: .*videos[/\\]1\.mp4/);
    fs.writeFileSync(path.join(dir, 'videos/1.mp4'), '');
    assert.doesNotMatch(run(['validate', '--videos-folder', 'videos', 'clean.json'], dir).stdout, /missing-video/);
  });

  it('is installed as the package bin', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.equal(manifest.bin['surgery-classifier'], 'dist/cli.js');
    assert.match(execFileSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }), /validate FILE/);
  });
});
