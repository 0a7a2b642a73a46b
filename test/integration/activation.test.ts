// Smoke test of the host itself: the extension loads and activates, trusted and in Restricted Mode.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const extensionId = 'surgery-classifier.surgery-classifier';

/** Polls `condition` until it holds; fails with `what` at the deadline. */
async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function openExampleAndWaitForActivation(): Promise<void> {
  const document = await vscode.workspace.openTextDocument(workspaceFile('example.annotations.json'));
  await vscode.window.showTextDocument(document);
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is loaded`);
  await waitFor(`${extensionId} is active`, () => extension.isActive);
}

describe('activation', () => {
  it('runs in a trusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, true);
  });

  it('activates when an annotation file is opened', openExampleAndWaitForActivation);
});

describe('activation in Restricted Mode @restricted', () => {
  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('activates when an annotation file is opened', openExampleAndWaitForActivation);
});
