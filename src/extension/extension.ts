import * as vscode from 'vscode';
import { AnnotationAnalyzer } from './annotations/annotationAnalyzer';
import { AnnotationCodeActions } from './annotations/codeActions';
import { AnnotationCodeLensProvider } from './annotations/codeLensProvider';
import { LabelCompletionProvider } from './annotations/completionProvider';
import { AnnotationDiagnostics } from './annotations/diagnostics';
import { AnnotationHoverProvider } from './annotations/hoverProvider';
import { ANNOTATION_TOKEN_LEGEND, AnnotationSemanticTokens } from './annotations/semanticTokens';
import { AnnotationSymbolProvider } from './annotations/symbolProvider';
import { WorkspaceLabels } from './annotations/workspaceLabels';
import { registerExtractFrames } from './commands/extractFrames';
import { registerFixAllInFile } from './commands/fixAllInFile';
import { registerOpenTensorBoard } from './commands/openTensorBoard';
import { registerPredictVideo } from './commands/predictVideo';
import { registerShowLog } from './commands/showLog';
import { registerSpotCheck } from './commands/spotCheck';
import { registerTraining } from './commands/trainClassifier';
import { registerValidateWorkspace } from './commands/validateWorkspace';
import { SECTION } from './config';
import { FfmpegToolsService } from './frames/ffmpegTools';
import { VideoInfoService } from './frames/videoInfo';
import { createLog } from './log';
import { openOnStart } from './openOnStart';
import { DashboardPanels } from './panels/dashboardPanel';
import { TrainingStatusBar } from './training/trainingStatusBar';
import { registerViews, type SurgeryViews } from './views/registerViews';

const JSON_DOCUMENTS: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

/** What activate() returns (extension.exports): the views' tree data providers, for the integration tests. */
export interface SurgeryClassifierApi {
  readonly views: SurgeryViews;
}

/** Thin entry: construct the services, register them, and hand every disposable to the context. */
export function activate(context: vscode.ExtensionContext): SurgeryClassifierApi {
  const log = createLog();
  const labels = new WorkspaceLabels(log);
  const ffmpegTools = new FfmpegToolsService(log);
  const videoInfo = new VideoInfoService(ffmpegTools, log);
  const analyzer = new AnnotationAnalyzer(labels, videoInfo);
  const diagnostics = new AnnotationDiagnostics(analyzer, labels, log);
  const codeLenses = new AnnotationCodeLensProvider(analyzer);
  const semanticTokens = new AnnotationSemanticTokens(analyzer);
  const trainingStatus = new TrainingStatusBar();
  const dashboard = new DashboardPanels(context, log);
  const views = registerViews(analyzer);
  const subscriptions = context.subscriptions;

  subscriptions.push(
    log,
    labels,
    videoInfo,
    diagnostics,
    videoInfo.onDidChange(() => diagnostics.refreshAll('videoInfo')),
    codeLenses,
    vscode.languages.registerCodeActionsProvider(
      JSON_DOCUMENTS,
      new AnnotationCodeActions(analyzer),
      AnnotationCodeActions.metadata,
    ),
    vscode.languages.registerHoverProvider(JSON_DOCUMENTS, new AnnotationHoverProvider(analyzer, videoInfo)),
    vscode.languages.registerCodeLensProvider(JSON_DOCUMENTS, codeLenses),
    vscode.languages.registerDocumentSymbolProvider(JSON_DOCUMENTS, new AnnotationSymbolProvider(analyzer), {
      label: 'Surgery Classifier',
    }),
    vscode.languages.registerCompletionItemProvider(JSON_DOCUMENTS, new LabelCompletionProvider(analyzer, labels), '"'),
    semanticTokens,
    vscode.languages.registerDocumentSemanticTokensProvider(JSON_DOCUMENTS, semanticTokens, ANNOTATION_TOKEN_LEGEND),
    registerValidateWorkspace(analyzer, diagnostics, log),
    registerFixAllInFile(analyzer, log),
    registerExtractFrames(context, analyzer, ffmpegTools, log, () => views.datasetWritten()),
    trainingStatus,
    dashboard,
    registerTraining(context, trainingStatus, log, views.observeTraining(dashboard)),
    registerShowLog(log),
    registerOpenTensorBoard(log),
    registerSpotCheck(context, log),
    registerPredictVideo({ context, ffmpegTools, videoInfo, log }),
    views,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION) && !event.affectsConfiguration('json.validate')) return;
      if (event.affectsConfiguration(`${SECTION}.annotationFiles`)) void labels.scan();
      if (event.affectsConfiguration(`${SECTION}.ffmpegPath`) || event.affectsConfiguration(`${SECTION}.ffprobePath`))
        ffmpegTools.reset();
      diagnostics.refreshAll();
      codeLenses.refresh();
      semanticTokens.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => diagnostics.refreshAll()),
  );
  log.info(
    `Surgery Classifier ${context.extension.packageJSON.version} active (VS Code ${vscode.version}, ` +
      `${vscode.workspace.isTrusted ? 'trusted' : 'restricted'} workspace)`,
  );
  void labels.scan().catch((error) => log.error(`Label scan failed: ${String(error)}`));
  void openOnStart(log);
  return { views: views.providers };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
