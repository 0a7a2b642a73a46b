import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ourDiagnostics, summary, waitFor, workspaceFile } from './support/wait';

const SETTING = 'largeFileThresholdMB';

/** An entry whose one segment is inverted, padded with notes to make the file large. */
const entry = (videoId: number) => ({ videoId, durationSeconds: 100, notes: 'x'.repeat(400), annotations: [{ label: 'suturing', startSeconds: 9, endSeconds: 3 }] });

describe('large annotation files: checked on open and save, not as the user types', () => {
  const uri = () => workspaceFile('large.annotations.json');
  const config = () => vscode.workspace.getConfiguration('surgeryClassifier');

  before(async () => {
    // 1 KB is "large" here, so that a small fixture shows the behaviour of a 20 MB file.
    await config().update(SETTING, 0.001, vscode.ConfigurationTarget.Workspace);
    // VS Code in the browser (code-server) saves after a delay by default, which would re-check.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
    fs.writeFileSync(uri().fsPath, JSON.stringify([entry(1), entry(2), entry(3)], null, 2));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await config().update(SETTING, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(uri().fsPath, { force: true });
  });

  it('keeps the problems of the last save while edited, and checks again on save', async () => {
    const document = await vscode.workspace.openTextDocument(uri());
    const editor = await vscode.window.showTextDocument(document);
    const inverted = (d: readonly vscode.Diagnostic[]) => summary(d).filter((s) => s.startsWith('inverted-segment')).length;
    await waitFor(() => ourDiagnostics(document.uri), (d) => inverted(d) === 3, 'three inverted segments on open');
    // Let the settings change of before() arrive: a settings change re-checks even a large file.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Correct the first segment as typing does: nothing is re-checked, whatever the delay.
    const at = document.getText().indexOf('"startSeconds": 9') + '"startSeconds": '.length;
    assert.ok(await editor.edit((builder) => builder.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + 1)), '1')));
    assert.ok(document.isDirty);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(inverted(ourDiagnostics(document.uri)), 3, `not re-checked after an edit: ${summary(ourDiagnostics(document.uri)).join(', ')}`);

    assert.ok(await document.save());
    await waitFor(() => ourDiagnostics(document.uri), (d) => inverted(d) === 2, 'two inverted segments after the save');
  });
});
