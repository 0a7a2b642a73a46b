import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor, workspaceFile } from './support/wait';

interface DecodedToken {
  readonly text: string;
  readonly type: string;
  readonly modifiers: readonly string[];
}

/** Asks the real host for a document's semantic tokens and decodes them with the legend it reports. */
async function tokensOf(document: vscode.TextDocument): Promise<DecodedToken[]> {
  const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend | undefined>('vscode.provideDocumentSemanticTokensLegend', document.uri);
  const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens | undefined>('vscode.provideDocumentSemanticTokens', document.uri);
  if (!legend || !tokens) return [];
  const decoded: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifierBits] = tokens.data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine ? deltaStart : character + deltaStart;
    const start = new vscode.Position(line, character);
    decoded.push({
      text: document.getText(new vscode.Range(start, start.translate(0, length))),
      type: legend.tokenTypes[type],
      modifiers: legend.tokenModifiers.filter((_, bit) => modifierBits & (1 << bit)),
    });
  }
  return decoded;
}

describe('times and labels are coloured in annotation files only (semantic tokens)', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('an annotation file: every time is a readonly variable and every label a type, nothing else', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('example.annotations.json'));
    await vscode.window.showTextDocument(document);
    const tokens = await waitFor(() => tokensOf(document), (t) => t.length > 0, 'semantic tokens of the annotation file');
    const times = tokens.filter((t) => t.type === 'variable' && t.modifiers.includes('readonly')).map((t) => t.text);
    const labels = tokens.filter((t) => t.type === 'type').map((t) => t.text);
    assert.ok(times.includes('2319.541') && times.includes('2975'), times.join(' '));
    assert.ok(times.every((t) => /^-?\d/.test(t)), `only numbers are times: ${times.join(' ')}`);
    assert.ok(labels.length > 0 && labels.every((t) => t === '"suturing"'), labels.join(' '));
    assert.equal(tokens.length, times.length + labels.length);
  });

  it('a file recognised by its content is coloured too', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('available-suturing-segments.json'));
    await vscode.window.showTextDocument(document);
    const tokens = await waitFor(() => tokensOf(document), (t) => t.length > 0, 'semantic tokens of the content-detected file');
    assert.ok(tokens.some((t) => t.type === 'type'));
  });

  it('package.json and tasks.json keep their plain colours, though they have "label" keys', async () => {
    for (const content of [
      JSON.stringify({ name: 'x', contributes: { commands: [{ command: 'a', title: 'A', label: 'suturing' }] }, startSeconds: 3 }, null, 2),
      JSON.stringify({ version: '2.0.0', tasks: [{ label: 'build', type: 'shell', command: 'make' }] }, null, 2),
    ]) {
      const document = await vscode.workspace.openTextDocument({ language: 'json', content });
      await vscode.window.showTextDocument(document);
      // Asked twice, after the provider has certainly been asked once: a late token would show here.
      assert.deepEqual(await tokensOf(document), []);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(await tokensOf(document), []);
    }
  });

  it('the JSON-wide TextMate injection is gone from the manifest', () => {
    const manifest = vscode.extensions.all.find((extension) => extension.packageJSON.name === 'surgery-classifier')?.packageJSON as { contributes?: { grammars?: unknown[] } };
    assert.ok(manifest, 'the extension is installed');
    assert.equal(manifest.contributes?.grammars, undefined);
  });
});
