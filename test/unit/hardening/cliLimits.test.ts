import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');
const cli = path.join(root, 'dist/cli.js');

function validate(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'validate', ...args], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI validate: deep nesting, duplicate keys, several files (issue 14)', () => {
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(cli), 'dist/cli.js is built by `npm run build`');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-cli-limits-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('5 000 nested arrays: one invalid-json problem at the 257th bracket, the errors exit status, no stack trace', () => {
    fs.writeFileSync(path.join(dir, 'deep.json'), '['.repeat(5000) + ']'.repeat(5000));
    const result = validate(dir, 'deep.json');
    assert.equal(result.status, 1);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^deep\.json:1:257 error invalid-json Nested more than 256 levels deep/m);
    assert.doesNotMatch(result.stdout + result.stderr, /RangeError|Maximum call stack|\n\s+at /);
  });

  it('a duplicate key: a warning on the second key, exit status 0', () => {
    const text = '[\n  {\n    "videoId": 1,\n    "durationSeconds": 10,\n    "videoId": 2,\n    "annotations": []\n  }\n]\n';
    fs.writeFileSync(path.join(dir, 'dup.json'), text);
    const result = validate(dir, 'dup.json');
    assert.equal(result.status, 0);
    assert.equal(result.stdout, 'dup.json:5:5 warning duplicate-key "videoId" appears twice in this object (first on line 3); JSON readers keep the last one. Remove one.\n');
    const [problem] = JSON.parse(validate(dir, '--format', 'json', 'dup.json').stdout);
    assert.deepEqual(problem.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 13 } });
  });

  it('several files: labels are judged against all of them, each file read and reported once', () => {
    const entry = (label: string, count: number) => JSON.stringify([{ videoId: 1, durationSeconds: 100, annotations: Array.from({ length: count }, (_, i) => ({ label, startSeconds: i, endSeconds: i + 0.5 })) }]);
    fs.writeFileSync(path.join(dir, 'many.json'), entry('suturing', 5));
    fs.writeFileSync(path.join(dir, 'typo.json'), entry('suturng', 1));
    const result = validate(dir, 'many.json', 'typo.json', 'typo.json', 'missing.json');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /missing\.json not found/);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^typo\.json:1:\d+ warning unknown-label Label "suturng" looks like a typo of "suturing"/);
  });
});
