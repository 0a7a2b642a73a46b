import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

type Result = { status: string; url?: string; logdir?: string };

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('Open in TensorBoard in a real VS Code', function () {
  this.timeout(60_000);
  const previousPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = previousPath;
  });

  it('says how to install TensorBoard when it is not on the PATH', async () => {
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-empty-path-'));
    const result = await vscode.commands.executeCommand<Result>('surgeryClassifier.openTensorBoard');
    assert.equal(result.status, 'missing');
    assert.ok(result.logdir?.endsWith(`${path.sep}runs`), result.logdir);
  });

  it('starts the tensorboard found on the PATH on 127.0.0.1 with the runs folder, and reuses it', async () => {
    // A stand-in `tensorboard` program (a real process that serves HTTP where it is told to), so the launch path runs for real.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-tb-bin-'));
    const script = path.join(bin, 'tensorboard');
    fs.writeFileSync(script, `#!${process.execPath}
const args = process.argv.slice(2);
const value = (name) => args[args.indexOf(name) + 1];
require('http').createServer((q, r) => r.end('stand-in tensorboard logdir=' + value('--logdir') + ' host=' + value('--host'))).listen(Number(value('--port')), value('--host'));
`);
    fs.chmodSync(script, 0o755);
    process.env.PATH = `${bin}${path.delimiter}${previousPath}`;
    const started = await vscode.commands.executeCommand<Result>('surgeryClassifier.openTensorBoard');
    assert.equal(started.status, 'started');
    assert.match(started.url!, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const body = await get(started.url!);
    assert.equal(body, `stand-in tensorboard logdir=${started.logdir} host=127.0.0.1`);
    const again = await vscode.commands.executeCommand<Result>('surgeryClassifier.openTensorBoard');
    assert.equal(again.status, 'reused');
    assert.equal(again.url, started.url);
  });
});
