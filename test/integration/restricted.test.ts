import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ourDiagnostics, summary, waitFor, workspaceFile } from './support/wait';

describe('@restricted Restricted Mode (untrusted workspace)', () => {
  it('still validates annotation files, but checks no video files', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs in an untrusted workspace');
    const example = await vscode.workspace.openTextDocument(workspaceFile('example.annotations.json'));
    await vscode.window.showTextDocument(example);
    const diagnostics = await waitFor(() => ourDiagnostics(example.uri), (d) => d.length >= 2, 'diagnostics');
    assert.deepEqual(summary(diagnostics), ['inverted-segment 3:69-3:77', 'segment-past-end 4:22-4:30']);

    const other = await vscode.workspace.openTextDocument(workspaceFile('available-suturing-segments.json'));
    const codes = (await waitFor(() => ourDiagnostics(other.uri), (d) => d.length >= 2, 'diagnostics')).map((d) => String(d.code)).sort();
    assert.deepEqual(codes, ['schema', 'unknown-label'], 'no missing-video check in Restricted Mode');
  });

  it('Extract Frames refuses to run (it would run ffmpeg) and writes nothing', async () => {
    const annotations = workspaceFile('example.annotations.json');
    const outDir = workspaceFile('datasets/should-not-exist').fsPath;
    const result = await vscode.commands.executeCommand('surgeryClassifier.extractFrames', { annotations, outDir });
    assert.equal(result, undefined);
    assert.equal(fs.existsSync(outDir), false);
  });

  it('Train Classifier refuses to run in Restricted Mode', async () => {
    const result = await vscode.commands.executeCommand('surgeryClassifier.trainClassifier', { dataset: workspaceFile('datasets') });
    assert.equal(result, undefined);
    assert.equal(fs.existsSync(workspaceFile('runs').fsPath), false);
  });

  it('Open in TensorBoard refuses to start a process in Restricted Mode', async () => {
    const result = await vscode.commands.executeCommand<{ status: string }>('surgeryClassifier.openTensorBoard');
    assert.equal(result.status, 'refused');
  });
});

