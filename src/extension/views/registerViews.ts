import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FromWorker } from '../../shared/workerProtocol';
import type { AnnotationAnalyzer } from '../annotations/annotationAnalyzer';
import { registerRevealInExplorer } from '../commands/revealInExplorer';
import { readAnnotationSettings, SECTION } from '../config';
import type { TrainingObserver } from '../panels/dashboardPanel';
import { readTrainingSettings } from '../training/trainingSettings';
import { AnnotationFileStates } from './annotationFileStates';
import { AnnotationFilesView } from './annotationFilesView';
import { DatasetsView } from './datasetsView';
import { RUN_FILES, RunsView } from './runsView';
import type { RefreshingTree } from './treeBase';
import { watchConfiguredFiles, watchFiles } from './viewRefresh';

/** The view ids of package.json's contributes.views. */
export const VIEW_IDS = {
  annotationFiles: 'surgeryClassifier.annotationFiles',
  datasets: 'surgeryClassifier.datasets',
  runs: 'surgeryClassifier.runs',
} as const;

/** The tree data providers, also handed to tests through the extension's exports. */
export interface SurgeryViews {
  readonly annotationFiles: AnnotationFilesView;
  readonly datasets: DatasetsView;
  readonly runs: RunsView;
}

/** Worker messages after which a run folder has new content (run.json written first and last). */
const RUN_CHANGES: ReadonlySet<FromWorker['type']> = new Set(['run', 'epoch', 'done', 'failed']);

export interface RegisteredViews extends vscode.Disposable {
  readonly providers: SurgeryViews;
  /** Wraps the dashboard's observer of the training command: the Runs view follows it too. */
  observeTraining(next: TrainingObserver): TrainingObserver;
  /** Extract Frames wrote a dataset. */
  datasetWritten(): void;
}

/** The default glob and the annotationFiles setting's, once each. */
const annotationPatterns = (): string[] => [
  ...new Set(['**/*.annotations.json', ...readAnnotationSettings().annotationFiles]),
];

/**
 * The run files of each runs folder. One inside a workspace folder is watched relative to that folder
 * (so it works before the first training creates it); one outside, on its own.
 */
function runPatterns(): vscode.RelativePattern[] {
  const files = `{*,${RUN_FILES.map((file) => `*/${file}`).join(',')}}`;
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => {
    const runs = path.resolve(folder.uri.fsPath, readTrainingSettings(folder.uri).runsFolder);
    const relative = path.relative(folder.uri.fsPath, runs);
    const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    if (outside) return new vscode.RelativePattern(vscode.Uri.file(runs), files);
    return new vscode.RelativePattern(folder, relative ? `${relative.split(path.sep).join('/')}/${files}` : files);
  });
}

/**
 * The Surgery Classifier views. They refresh from file watchers, diagnostics, open/close events and
 * the extension's own extraction and training (never by polling), each through a coalesced refresh.
 * The workspace's recursive watcher does not see files in folders made in one burst (mkdir -p of
 * datasets/<name>/train/<class>, a first runs/<run>): the commands' events and showing a view cover that.
 */
export function registerViews(analyzer: AnnotationAnalyzer): RegisteredViews {
  const files = new AnnotationFileStates(analyzer);
  const providers: SurgeryViews = {
    annotationFiles: new AnnotationFilesView(analyzer, files),
    datasets: new DatasetsView(),
    runs: new RunsView(),
  };
  const { annotationFiles, datasets, runs } = providers;
  const reanalyze = (): void => {
    files.clear();
    annotationFiles.refresh();
  };
  const isListed = (document: vscode.TextDocument): boolean =>
    annotationFiles.has(document.uri) ||
    (!!vscode.workspace.getWorkspaceFolder(document.uri) && analyzer.isAnnotationDocument(document));
  const disposable = vscode.Disposable.from(
    annotationFiles,
    datasets,
    runs,
    ...treeView(VIEW_IDS.annotationFiles, annotationFiles, true),
    ...treeView(VIEW_IDS.datasets, datasets, true),
    ...treeView(VIEW_IDS.runs, runs, false),
    registerRevealInExplorer(),
    watchConfiguredFiles(annotationPatterns, [`${SECTION}.annotationFiles`], () => annotationFiles.refresh()),
    // Problems of open files follow the diagnostics, which are debounced while the user types.
    vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => annotationFiles.has(uri))) annotationFiles.refresh();
    }),
    vscode.workspace.onDidOpenTextDocument((document) => isListed(document) && annotationFiles.refresh()),
    vscode.workspace.onDidCloseTextDocument((document) => isListed(document) && annotationFiles.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(SECTION) && reanalyze()),
    // Trust adds the video checks, and Predict Video to the video rows.
    vscode.workspace.onDidGrantWorkspaceTrust(reanalyze),
    watchFiles(['**/dataset.json', '**/manifest.jsonl'], () => datasets.refresh()),
    watchConfiguredFiles(runPatterns, [`${SECTION}.training.runsFolder`], () => runs.refresh()),
  );
  return {
    providers,
    dispose: () => disposable.dispose(),
    datasetWritten: () => datasets.refresh(),
    observeTraining: (next) => ({
      trainingMessage: (message) => {
        next.trainingMessage(message);
        if (RUN_CHANGES.has(message.type)) runs.refresh();
      },
      showForRun: (runDir) => next.showForRun(runDir),
    }),
  };
}

/** A tree view that reads its files again whenever it is shown. */
function treeView<E extends object>(id: string, provider: RefreshingTree<E>, collapse: boolean): vscode.Disposable[] {
  const view = vscode.window.createTreeView(id, { treeDataProvider: provider, showCollapseAll: collapse });
  return [view, view.onDidChangeVisibility((event) => event.visible && provider.refresh())];
}
