import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ourDiagnostics, waitFor, workspaceFile } from './support/wait';

interface Summary {
  framesWritten: number;
  failures: unknown[];
  counts: Record<string, Record<string, number>>;
  outDir: string;
}

/** Real videos made with the ffmpeg the extension ships, inside the test's workspace copy. */
function makeVideo(file: string, seconds: number): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ffmpeg = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=160x120:rate=10:duration=${seconds}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '20', '-pix_fmt', 'yuv420p', file]);
}

describe('Extract Frames in a real VS Code', function () {
  this.timeout(180_000);
  let annotations: vscode.Uri;

  before(() => {
    const folder = workspaceFile('').fsPath;
    makeVideo(path.join(folder, 'clips', 'one.mp4'), 30);
    makeVideo(path.join(folder, 'clips', 'two.mp4'), 120);
    const entries = [
      { videoId: 'one', video: 'clips/one.mp4', durationSeconds: 30, annotations: [{ label: 'suturing', startSeconds: 6, endSeconds: 16 }] },
      { videoId: 'two', video: 'clips/two.mp4', durationSeconds: 120, annotations: [{ label: 'suturing', startSeconds: 60, endSeconds: 90 }] },
    ];
    annotations = workspaceFile('extract.annotations.json');
    fs.writeFileSync(annotations.fsPath, JSON.stringify(entries, null, 2));
  });

  it('the command produces the dataset: frames per split and class, manifests, dataset.json', async () => {
    const outDir = workspaceFile('datasets/extract').fsPath;
    const summary = await vscode.commands.executeCommand<Summary>('surgeryClassifier.extractFrames', { annotations, outDir, settings: { step: 2, split: { train: 1, validation: 1, test: 0 } } });
    assert.ok(summary, 'a summary is returned');
    assert.deepEqual(summary.failures, []);
    assert.equal(summary.framesWritten, 15 + 60);
    const manifest = fs.readFileSync(path.join(outDir, 'manifest.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(manifest.length, 75);
    for (const row of manifest) assert.ok(fs.existsSync(path.join(outDir, row.path)), row.path);
    const suturing = manifest.filter((row) => row.class === 'suturing').length;
    assert.equal(suturing, 5 + 15);
    assert.ok(fs.existsSync(path.join(outDir, 'manifest.csv')));
    const dataset = JSON.parse(fs.readFileSync(path.join(outDir, 'dataset.json'), 'utf8'));
    assert.equal(dataset.settings.step, 2);
    assert.match(dataset.ffmpeg, /ffmpeg version/);
  });

  it('cancel stops ffmpeg, keeps only complete frames, and writes no manifest', async () => {
    const outDir = workspaceFile('datasets/cancelled').fsPath;
    const source = new vscode.CancellationTokenSource();
    const running = vscode.commands.executeCommand<Summary | undefined>('surgeryClassifier.extractFrames', { annotations, outDir, settings: { step: 0.2 }, cancellation: source.token });
    // Cancel once frames start to appear.
    const deadline = Date.now() + 60_000;
    const jpegs = (): string[] => (fs.existsSync(outDir) ? listFiles(outDir).filter((f) => f.endsWith('.jpg')) : []);
    while (jpegs().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    source.cancel();
    const result = await running;
    assert.equal(result, undefined, 'a cancelled extraction returns no summary');
    const files = listFiles(outDir);
    assert.ok(!files.some((f) => f.endsWith('manifest.jsonl')), 'no manifest after cancel');
    assert.ok(!files.some((f) => f.endsWith('.partial')), 'no partial file after cancel');
    assert.ok(files.filter((f) => f.endsWith('.jpg')).length < 150 + 600, 'stopped before the end');
    for (const file of files.filter((f) => f.endsWith('.jpg'))) {
      const bytes = fs.readFileSync(file);
      assert.ok(bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[bytes.length - 1] === 0xd9, `${file} is complete`);
    }
  });
  it('hover on a time shows the video frame at that time (a thumbnail made with ffmpeg)', async () => {
    const document = await vscode.workspace.openTextDocument(annotations);
    await vscode.window.showTextDocument(document);
    const at = document.positionAt(document.getText().indexOf('"startSeconds": 6') + '"startSeconds": '.length);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(markdown, /00:00:06\.000/);
    const image = /!\[Frame at [^\]]*\]\(data:image\/jpeg;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
    assert.ok(image, markdown.slice(0, 300));
    const jpeg = Buffer.from(image[1], 'base64');
    assert.ok(jpeg[0] === 0xff && jpeg[1] === 0xd8 && jpeg.length > 500, 'a real JPEG');
  });

  it('duration-mismatch: durationSeconds that disagrees with the probed video, and its fix', async () => {
    const file = workspaceFile('mismatch.annotations.json');
    fs.writeFileSync(file.fsPath, JSON.stringify([{ videoId: 'one', video: 'clips/one.mp4', durationSeconds: 45, annotations: [] }], null, 2));
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const diagnostic = await waitFor(
      () => ourDiagnostics(document.uri).find((d) => d.code === 'duration-mismatch'),
      Boolean,
      'a duration-mismatch diagnostic once the video is probed',
    );
    assert.equal(document.getText(diagnostic!.range), '45');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title.startsWith("Set durationSeconds to the video's length"));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    await vscode.workspace.applyEdit(fix.edit);
    assert.match(document.getText(), /"durationSeconds": 30(\.0+\d*)?,|"durationSeconds": 30,/);
    await waitFor(() => ourDiagnostics(document.uri).filter((d) => d.code === 'duration-mismatch'), (d) => d.length === 0, 'the mismatch to go');
  });
});

function listFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}
