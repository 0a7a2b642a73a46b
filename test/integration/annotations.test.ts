import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ourDiagnostics, summary, untitledAnnotations, waitFor, workspaceFile } from './support/wait';

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  return document;
}

async function quickFixes(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
}

/**
 * Applies the quick fix titled `title` offered on the `code` diagnostic. Diagnostics follow edits
 * after a debounce, so this polls until the published diagnostic and the offered fixes agree.
 */
async function applyFix(document: vscode.TextDocument, code: string, title: RegExp): Promise<string> {
  const offered = new Set<string>();
  const find = async (): Promise<vscode.CodeAction | undefined> => {
    for (const diagnostic of ourDiagnostics(document.uri).filter((d) => d.code === code)) {
      // A request made while the extension activates can be cancelled: ask again on the next poll.
      const actions = await quickFixes(document, diagnostic.range).catch(() => [] as vscode.CodeAction[]);
      actions.forEach((a) => offered.add(a.title));
      const action = actions.find((a) => title.test(a.title));
      if (action?.edit) return action;
    }
    return undefined;
  };
  const action = await waitFor(find, Boolean, `a fix matching ${title} on a ${code} diagnostic`).catch((error: Error) => {
    throw new Error(`${error.message}; fixes offered meanwhile: ${[...offered].join(' | ')}`);
  });
  assert.ok(action?.edit);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  return document.getText();
}

describe('annotation files in a real VS Code', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  it('the documented example gives exactly inverted-segment and segment-past-end on the offending values', async () => {
    const document = await open('example.annotations.json');
    const diagnostics = await waitFor(() => ourDiagnostics(document.uri), (d) => d.length >= 2, 'diagnostics');
    assert.deepEqual(summary(diagnostics), ['inverted-segment 3:69-3:77', 'segment-past-end 4:22-4:30']);
    assert.equal(document.getText(diagnostics[0].range), '2319.541');
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostics[0].relatedInformation?.length, 1);
  });

  it('swap start/end and clamp to duration, applied through the code action API, leave the file clean', async () => {
    const document = await open('example.annotations.json');
    let text = await applyFix(document, 'inverted-segment', /^Swap startSeconds and endSeconds$/);
    assert.ok(text.includes('{ "endSeconds": 2319.541, "label": "suturing", "startSeconds": 2115.215 }'));
    text = await applyFix(document, 'segment-past-end', /^Clamp endSeconds/);
    assert.ok(text.includes('{ "endSeconds": 2975, "label": "suturing", "startSeconds": 2528.884 }'));
    await waitFor(() => ourDiagnostics(document.uri), (d) => d.length === 0, 'no diagnostics after both fixes');
  });

  it('a file named like the original is recognised by its content and gets schema problems from the core', async () => {
    const document = await open('available-suturing-segments.json');
    const diagnostics = await waitFor(() => ourDiagnostics(document.uri), (d) => d.length >= 3, 'diagnostics');
    const codes = diagnostics.map((d) => String(d.code)).sort();
    assert.deepEqual(codes, ['missing-video', 'schema', 'unknown-label']);
    const schema = diagnostics.find((d) => d.code === 'schema')!;
    assert.equal(document.getText(schema.range), '"600"');
    const text = await applyFix(document, 'schema', /^Convert "600" to the number 600$/);
    assert.match(text, /"durationSeconds": 600,/);
    const fixed = await applyFix(document, 'unknown-label', /^Change label to "suturing"$/);
    assert.doesNotMatch(fixed, /suturng/);
  });

  it('no problem is reported twice: for *.annotations.json the schema comes from VS Code\'s JSON support only', async () => {
    const document = await open('example.annotations.json');
    const edit = new vscode.WorkspaceEdit();
    const durationAt = document.getText().indexOf('2975,');
    edit.replace(document.uri, new vscode.Range(document.positionAt(durationAt), document.positionAt(durationAt + 4)), '"2975"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const valueRange = new vscode.Range(document.positionAt(durationAt), document.positionAt(durationAt + 6));
    const onValue = await waitFor(
      () => vscode.languages.getDiagnostics(document.uri).filter((d) => d.range.intersection(valueRange) && !d.range.isEmpty),
      (d) => d.length >= 1,
      'the JSON language server\'s schema diagnostic',
    );
    assert.equal(onValue.length, 1, `exactly one diagnostic on the value: ${JSON.stringify(onValue.map((d) => [d.source, d.message]))}`);
    assert.notEqual(onValue[0].source, 'surgery-classifier');
    // Our convert fix still applies to the JSON server's diagnostic.
    const actions = await quickFixes(document, onValue[0].range);
    assert.ok(actions.some((a) => a.title === 'Convert "2975" to the number 2975'));
  });

  it('merge overlapping segments, add missing "annotations", fix all of a kind in an unsaved file', async () => {
    const document = await untitledAnnotations(`[
  {
    "videoId": 1,
    "durationSeconds": 100,
    "annotations": [
      { "label": "s", "startSeconds": 10, "endSeconds": 20 },
      { "label": "s", "startSeconds": 15, "endSeconds": 30 },
      { "label": "s", "startSeconds": 50, "endSeconds": 40 },
      { "label": "s", "startSeconds": 70, "endSeconds": 60 }
    ]
  },
  {
    "videoId": 2,
    "durationSeconds": 9
  }
]`);
    const merged = await applyFix(document, 'overlapping-segments', /^Merge the 2 overlapping "s" segments$/);
    assert.ok(merged.includes('{ "label": "s", "startSeconds": 10, "endSeconds": 30 },\n      { "label": "s", "startSeconds": 50'));
    const all = await applyFix(document, 'inverted-segment', /^Fix all 2 'inverted-segment' problems in this file$/);
    assert.ok(all.includes('"startSeconds": 40, "endSeconds": 50') && all.includes('"startSeconds": 60, "endSeconds": 70'));
    const added = await applyFix(document, 'schema', /^Add "annotations": \[\]$/);
    assert.ok(added.includes('"durationSeconds": 9,\n    "annotations": []\n  }'));
    await waitFor(() => ourDiagnostics(document.uri), (d) => d.length === 0, 'a clean file');
  });

  it('missing fields: rename a misspelt key, add the only label of the file, take videoId from the video file name', async () => {
    const document = await untitledAnnotations(`[
  { "videoId": 1, "durationSeconds": 10, "annotations": [] },
  {
    "video": "clips/case-12.mp4",
    "durationSeconds": 100,
    "annotations": [
      { "label": "suturing", "startSeconds": 1, "endSeconds": 5 },
      { "startSeconds": 10, "endsSeconds": 20, "notes": "kept" }
    ]
  }
]`);
    let text = await applyFix(document, 'schema', /^Rename "endsSeconds" to "endSeconds"$/);
    assert.ok(text.includes('{ "startSeconds": 10, "endSeconds": 20, "notes": "kept" }'));
    text = await applyFix(document, 'schema', /^Add "label": "suturing" \(the only label in this file\)$/);
    assert.ok(text.includes('{ "startSeconds": 10, "endSeconds": 20, "notes": "kept", "label": "suturing" }'));
    text = await applyFix(document, 'schema', /^Add "videoId": "case-12" \(from the video file name\)$/);
    assert.deepEqual(JSON.parse(text)[1].videoId, 'case-12');
    await waitFor(() => ourDiagnostics(document.uri), (d) => d.length === 0, 'a clean file');
  });

  it('hover on a seconds value shows hh:mm:ss.mmm, the segment length and the share of the video', async () => {
    const document = await open('example.annotations.json');
    const at = document.positionAt(document.getText().indexOf('2528.884') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /00:42:08\.884/);
    assert.match(text, /length 7 min 27\.417 s/);
    assert.match(text, /85\.0 % into the video/);
  });

  it('CodeLens, outline and label completion', async () => {
    const document = await open('available-suturing-segments.json');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const titles = lenses.map((l) => l.command?.title ?? '').filter((t) => !t.includes('Extract Frames'));
    // durationSeconds is a string in this file, so no share of the video can be given.
    assert.deepEqual(titles, ['4 segments · suturing 2 min · suturng 20 s']);

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    const video = symbols.find((s) => s.name === 'Video 7');
    assert.ok(video, symbols.map((s) => s.name).join(', '));
    assert.equal(video.children.length, 4);
    assert.equal(video.children[0].name, 'suturing 00:00:10.000 → 00:00:40.000');

    const inLabel = document.positionAt(document.getText().indexOf('"suturng"') + 2);
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, inLabel);
    const labels = completions.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('suturing'), labels.slice(0, 20).join(', '));
  });

  it('validates as the user types (debounced), and the workspace command lists closed files', async () => {
    const document = await untitledAnnotations('[{"videoId": 1, "durationSeconds": 10, "annotations": []}]');
    await waitFor(() => ourDiagnostics(document.uri), (d) => d.length === 0, 'a clean file');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, document.positionAt(document.getText().indexOf('[]') + 1), '{"label": "a", "startSeconds": 5, "endSeconds": 2}');
    await vscode.workspace.applyEdit(edit);
    await waitFor(() => summary(ourDiagnostics(document.uri)), (s) => s.length === 1 && s[0].startsWith('inverted-segment'), 'inverted-segment after typing');

    const result = await vscode.commands.executeCommand<{ files: number; errors: number }>('surgeryClassifier.validateWorkspace');
    assert.ok(result.files >= 1);
    assert.ok(result.errors >= 2, JSON.stringify(result));
  });
});
