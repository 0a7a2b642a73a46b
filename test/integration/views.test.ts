// The Activity Bar views: rows read through the real tree data providers (the extension's exports),
// refreshed by file watchers and diagnostics, with the context menus package.json offers on them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { annotationText, appendEpoch, DATASET_COUNTS, finishRun, RUN_ID, startRun, writeAnnotations, writeDataset } from './support/viewFixtures';
import { afterRefresh, extensionId, manifest, offeredCommands, rowNamed, rowsOf, viewProviders, watchedFolder, type Views } from './support/views';
import { waitFor, workspaceFile } from './support/wait';

const VIEW = { annotationFiles: 'surgeryClassifier.annotationFiles', datasets: 'surgeryClassifier.datasets', runs: 'surgeryClassifier.runs' };
const FILE = 'views-demo.annotations.json';
const cmd = (...names: string[]): string[] => names.map((name) => `surgeryClassifier.${name}`).sort();
const iconOf = (item: vscode.TreeItem): string | undefined => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined);

/** What the suites create, removed afterwards so that no other suite sees it. */
function cleanUp(): void {
  for (const name of [FILE, 'views-v2.mp4', 'datasets/views-ds', 'views-other', `runs/${RUN_ID}`]) fs.rmSync(workspaceFile(name).fsPath, { recursive: true, force: true });
  for (const name of ['runs', 'datasets']) {
    const dir = workspaceFile(name).fsPath;
    if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
}

describe('Activity Bar views', function () {
  this.timeout(90_000);
  let views: Views;
  const root = (): string => workspaceFile('').fsPath;

  before(async () => {
    views = await viewProviders();
    await watchedFolder(workspaceFile('datasets').fsPath);
    await watchedFolder(workspaceFile('runs').fsPath);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    cleanUp();
  });

  it('contributes a view container with three views and a 24×24 SVG icon', () => {
    const contributes = manifest().contributes;
    const container = contributes.viewsContainers.activitybar.find((c) => c.id === 'surgeryClassifier');
    assert.ok(container, 'an Activity Bar container');
    assert.deepEqual(contributes.views.surgeryClassifier.map((v) => [v.id, v.name]), [[VIEW.annotationFiles, 'Annotation Files'], [VIEW.datasets, 'Datasets'], [VIEW.runs, 'Runs']]);
    const svg = fs.readFileSync(path.join(vscode.extensions.getExtension(extensionId)?.extensionPath ?? '', container.icon), 'utf8');
    assert.match(svg, /<svg[^>]*width="24"[^>]*height="24"[^>]*viewBox="0 0 24 24"/);
  });

  it('Annotation Files: problems, videos and labelled time, refreshed from disk and from the editor', async () => {
    const provider = views.annotationFiles;
    let file = '';
    // Trusted: two errors, and v1's video is missing (a warning). 30 s + 50 s labelled.
    const row = await afterRefresh(provider, () => (file = writeAnnotations(root())), FILE, (r) => r.description === '3 problems · 2 videos · 1 min 20 s labelled');
    assert.ok(row.element instanceof vscode.Uri && row.element.fsPath === file, 'the row is the file Uri, as the Explorer passes it');
    assert.equal(iconOf(row.item), 'error');
    assert.deepEqual(offeredCommands(VIEW.annotationFiles, row.contextValue, true), cmd('extractFrames', 'revealInExplorer'));

    const videos = await rowsOf(provider, row.element);
    assert.deepEqual(videos.map((v) => [v.label, v.description, v.contextValue]), [
      ['v1', '2 segments · suturing 30 s (30.0 %)', 'video'],
      ['v2', '1 segment · suturing 50 s (50.0 %)', 'video.playable'],
    ]);
    // v2's row is a Predict Video request as the CodeLens makes it.
    assert.deepEqual({ ...(videos[1].element as object), file: undefined }, { file: undefined, index: 1, annotations: file, videoId: 'v2', video: path.join(root(), 'views-v2.mp4') });
    assert.deepEqual(offeredCommands(VIEW.annotationFiles, 'video.playable', true), cmd('predictVideo'));
    assert.deepEqual(offeredCommands(VIEW.annotationFiles, 'video', true), []);

    // The inverted segment repaired on disk (closed file): one error less, v1 now 40 s.
    await afterRefresh(provider, () => fs.writeFileSync(file, annotationText(false)), FILE, (r) => r.description === '2 problems · 2 videos · 1 min 30 s labelled');

    // Opened from the row, then edited without saving: the view follows the editor's text.
    const open = row.item.command;
    assert.ok(open?.command === 'vscode.open');
    await vscode.commands.executeCommand(open.command, ...(open.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, file);
    const at = editor.document.getText().indexOf('"endSeconds": 120');
    assert.ok(at > 0);
    await afterRefresh(provider, () => editor.edit((edit) => edit.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 17)), '"endSeconds": 100')), FILE,
      (r) => r.description === '1 problem · 2 videos · 1 min 10 s labelled');
    // Closed without saving: the file on disk counts again.
    await afterRefresh(provider, () => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'), FILE, (r) => r.description === '2 problems · 2 videos · 1 min 30 s labelled');
  });

  it('Datasets: classes × splits counts from dataset.json, refreshed when it changes', async () => {
    const provider = views.datasets;
    const dir = workspaceFile('datasets/views-ds').fsPath;
    const row = await afterRefresh(provider, () => {
      writeDataset(dir, DATASET_COUNTS);
      // Another tool's dataset.json is not a dataset of ours.
      fs.mkdirSync(path.join(root(), 'views-other'), { recursive: true });
      fs.writeFileSync(path.join(root(), 'views-other', 'dataset.json'), JSON.stringify({ name: 'not ours', rows: 3 }));
    }, 'views-ds', (r) => r.description === '2 classes · 80 frames (train 60 · validation 10 · test 10)', [path.join(dir, 'dataset.json')]);
    assert.ok(row.element instanceof vscode.Uri && row.element.fsPath === dir, 'the row is the dataset folder Uri');
    assert.equal((await rowsOf(provider)).some((r) => r.label === 'views-other'), false);
    assert.deepEqual((await rowsOf(provider, row.element)).map((r) => [r.label, r.description]), [
      ['not-suturing', 'train 40 · validation 5 · test 6'],
      ['suturing', 'train 20 · validation 5 · test 4'],
    ]);
    assert.match(String((row.item.tooltip as vscode.MarkdownString).value), /\| suturing \| 20 \| 5 \| 4 \|/);
    assert.deepEqual(offeredCommands(VIEW.datasets, row.contextValue, true), cmd('revealInExplorer', 'spotCheck', 'trainClassifier'));

    const more = { ...DATASET_COUNTS, test: { 'not-suturing': 6, suturing: 14 } };
    await afterRefresh(provider, () => writeDataset(dir, more), 'views-ds', (r) => r.description === '2 classes · 90 frames (train 60 · validation 10 · test 20)');
    assert.equal((await rowNamed(provider, 'suturing', row.element)).description, 'train 20 · validation 5 · test 14');
  });

  it('Runs: status, backend and accuracy, live while the run writes its files', async () => {
    const provider = views.runs;
    let dir = '';
    const runDir = path.join(workspaceFile('runs').fsPath, RUN_ID);
    const datasetDir = workspaceFile('datasets/views-ds').fsPath;
    writeDataset(datasetDir, DATASET_COUNTS);
    const running = await afterRefresh(provider, () => (dir = startRun(workspaceFile('runs').fsPath, datasetDir)), RUN_ID, (r) => r.description === 'running · epoch 2/5 · wasm', [path.join(runDir, 'run.json')]);
    assert.equal(iconOf(running.item), 'sync~spin');
    assert.equal(running.contextValue, 'run', 'no saved classifier yet');
    assert.deepEqual(offeredCommands(VIEW.runs, running.contextValue, true), cmd('openTensorBoard', 'revealInExplorer', 'showDashboard'));
    await afterRefresh(provider, () => appendEpoch(dir, 3), RUN_ID, (r) => r.description === 'running · epoch 3/5 · wasm');

    const done = await afterRefresh(provider, () => finishRun(dir), RUN_ID, (r) => r.description === 'completed · test 85.0 % · wasm');
    assert.equal(iconOf(done.item), 'pass');
    assert.equal(done.contextValue, 'run.trained');
    assert.deepEqual(offeredCommands(VIEW.runs, done.contextValue, true), cmd('openTensorBoard', 'revealInExplorer', 'showDashboard', 'spotCheck'));

    // A click opens the dashboard on this run: the row's Uri is what Show Training Dashboard takes.
    const click = done.item.command;
    assert.equal(click?.command, 'surgeryClassifier.showDashboard');
    type Snapshot = { runsFolder: string; ready: boolean; runs: Array<{ id: string; status: string }> } | undefined;
    const clickOnRow = async (): Promise<Snapshot> => vscode.commands.executeCommand<Snapshot>(click.command, ...(click.arguments ?? []));
    const snapshot = await waitFor(clickOnRow, (s) => !!s?.ready, 'the dashboard ready');
    assert.equal(snapshot?.runsFolder, workspaceFile('runs').fsPath);
    assert.equal(snapshot.runs.find((r) => r.id === RUN_ID)?.status, 'completed');

    // Spot Check on the row: the run's test split (the row is the run folder, not a folder of images).
    const spot = await vscode.commands.executeCommand<{ runDir: string; source: string } | undefined>('surgeryClassifier.spotCheck', done.element);
    assert.equal(spot?.runDir, dir);
    assert.match(spot.source, /^1 of 1 test-split frames/);
  });

  it('every command the views offer is registered, in their menus and in their empty-view buttons', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const { menus, viewsWelcome } = manifest().contributes;
    for (const entry of [...(menus['view/item/context'] ?? []), ...(menus['view/title'] ?? [])]) assert.ok(registered.has(entry.command), entry.command);
    assert.deepEqual([...new Set(viewsWelcome.map((w) => w.view))].sort(), Object.values(VIEW).sort(), 'each view says what to do when empty');
    for (const { contents } of viewsWelcome) {
      const links = [...contents.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, contents);
      for (const id of links) assert.ok(registered.has(id), id);
    }
  });

  it('the walkthrough covers the way from annotations to results, each step with a button and a completion event', async () => {
    const walkthrough = manifest().contributes.walkthroughs.find((w) => w.id === 'gettingStarted');
    assert.ok(walkthrough);
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['annotations', 'problems', 'extract', 'train', 'results']);
    const registered = new Set(await vscode.commands.getCommands(true));
    const extensionPath = vscode.extensions.getExtension(extensionId)?.extensionPath ?? '';
    for (const step of walkthrough.steps) {
      const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(buttons.length > 0, `${step.id} has a command button`);
      for (const id of buttons) assert.ok(registered.has(id), `${step.id}: ${id} is a command`);
      assert.ok(step.completionEvents?.length, `${step.id} has completion events`);
      for (const event of step.completionEvents) assert.match(event, /^(onCommand|onView|onContext|onSettingChanged):[\w.]+$/);
      assert.ok(step.media.markdown && fs.existsSync(path.join(extensionPath, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
    }
  });
});

describe('Activity Bar views in Restricted Mode @restricted', function () {
  this.timeout(90_000);
  let views: Views;
  const root = (): string => workspaceFile('').fsPath;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    views = await viewProviders();
    await watchedFolder(workspaceFile('datasets').fsPath);
    await watchedFolder(workspaceFile('runs').fsPath);
  });
  after(cleanUp);

  it('the providers list annotation files, datasets and runs without trust, and never look at videos', async () => {
    // Untrusted: the two errors only, no missing-video check, and no Predict Video on v2.
    const file = await afterRefresh(views.annotationFiles, () => writeAnnotations(root()), FILE, (r) => r.description === '2 problems · 2 videos · 1 min 20 s labelled');
    assert.deepEqual((await rowsOf(views.annotationFiles, file.element)).map((v) => v.contextValue), ['video', 'video']);
    const datasetDir = workspaceFile('datasets/views-ds').fsPath;
    const dataset = await afterRefresh(views.datasets, () => writeDataset(datasetDir, DATASET_COUNTS), 'views-ds', (r) => r.description.startsWith('2 classes · 80 frames'), [path.join(datasetDir, 'dataset.json')]);
    const runs = workspaceFile('runs').fsPath;
    const run = await afterRefresh(views.runs, () => finishRun(startRun(runs, datasetDir)), RUN_ID, (r) => r.description === 'completed · test 85.0 % · wasm', [path.join(runs, RUN_ID, 'run.json')]);

    // Only what needs no trust is offered on the rows.
    assert.deepEqual(offeredCommands(VIEW.annotationFiles, file.contextValue, false), cmd('revealInExplorer'));
    assert.deepEqual(offeredCommands(VIEW.annotationFiles, 'video.playable', false), []);
    assert.deepEqual(offeredCommands(VIEW.datasets, dataset.contextValue, false), cmd('revealInExplorer'));
    assert.deepEqual(offeredCommands(VIEW.runs, run.contextValue, false), cmd('revealInExplorer', 'showDashboard'));
  });

  it('every view menu entry of a command that needs trust says so in its when clause', () => {
    const { commands, menus, views: contributed } = manifest().contributes;
    assert.equal(contributed.surgeryClassifier.length, 3, 'the views are contributed in Restricted Mode too');
    const needsTrust = new Set(commands.filter((c) => c.enablement?.includes('isWorkspaceTrusted')).map((c) => c.command));
    assert.ok(needsTrust.size >= 5);
    const entries = [...(menus['view/item/context'] ?? []), ...(menus['view/title'] ?? [])].filter((entry) => needsTrust.has(entry.command));
    assert.ok(entries.length >= 8);
    for (const entry of entries) assert.ok(entry.when?.split('&&').map((t) => t.trim()).includes('isWorkspaceTrusted'), `${entry.command}: ${entry.when}`);
  });
});
