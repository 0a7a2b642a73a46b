import * as path from 'node:path';
import * as vscode from 'vscode';
import { TrainingProcess } from '../../core/training/workerProcess';
import type { BackendReport, TrainConfig, TrainResult } from '../../shared/workerProtocol';
import type { Log } from '../log';
import type { TrainingObserver } from '../panels/dashboardPanel';
import { readTrainingSettings } from '../training/trainingSettings';
import type { TrainingStatusBar } from '../training/trainingStatusBar';
import { CommandIds } from './commandIds';

/** Scripted use (tests, the extraction summary): train this dataset with these overrides, no questions. */
export interface TrainRequest {
  readonly dataset: vscode.Uri;
  readonly overrides?: Partial<TrainConfig>;
}

const isRequest = (value: unknown): value is TrainRequest =>
  typeof value === 'object' && value !== null && (value as { dataset?: unknown }).dataset instanceof vscode.Uri;

/** Train Classifier and Cancel Training: one training at a time, in a worker process tied to the window's lifetime. */
export function registerTraining(
  context: vscode.ExtensionContext,
  statusBar: TrainingStatusBar,
  log: Log,
  dashboard?: TrainingObserver,
): vscode.Disposable {
  let current: TrainingProcess | undefined;
  const setRunning = (running: boolean) =>
    void vscode.commands.executeCommand('setContext', 'surgeryClassifier.training', running);

  const train = vscode.commands.registerCommand(
    CommandIds.trainClassifier,
    async (arg?: vscode.Uri | TrainRequest): Promise<TrainResult | undefined> => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window
          .showErrorMessage(
            'Training runs a worker process and TensorFlow.js, so it needs a trusted workspace.',
            'Manage Workspace Trust',
          )
          .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
        return undefined;
      }
      if (current) {
        void vscode.window.showInformationMessage(
          'A training is already running. Cancel it first (click the status bar item).',
        );
        return undefined;
      }
      const dataset = arg instanceof vscode.Uri ? arg : isRequest(arg) ? arg.dataset : await pickDataset();
      if (!dataset) return undefined;
      const folder = vscode.workspace.getWorkspaceFolder(dataset)?.uri.fsPath ?? path.dirname(dataset.fsPath);
      const settings = readTrainingSettings(dataset);
      const storage = context.globalStorageUri.fsPath;
      const config: TrainConfig = {
        ...settings,
        datasetDir: dataset.fsPath,
        runsDir: path.resolve(folder, settings.runsFolder),
        runName: path.basename(dataset.fsPath),
        modelCacheDir: path.join(storage, 'models'),
        embeddingCacheDir: path.join(storage, 'embeddings'),
        ...(isRequest(arg) ? arg.overrides : {}),
      };
      log.info(
        `Training on ${config.datasetDir} → ${config.runsDir} (base ${config.baseModel}, backend ` +
          `${config.backend}, ${config.epochs} epochs)`,
      );
      statusBar.epochs = config.epochs;
      statusBar.start();
      setRunning(true);
      const training = new TrainingProcess(context.asAbsolutePath(path.join('dist', 'worker.js')), config, {
        onMessage: (message) => {
          statusBar.update(message);
          dashboard?.trainingMessage(message);
          if (message.type === 'log') log[message.level](message.message);
          if (message.type === 'backend') announceBackend(message.report);
          if (message.type === 'epoch') {
            const m = message.metrics;
            const validation =
              m.validationAccuracy === undefined
                ? ''
                : ` · val loss ${m.validationLoss?.toFixed(4)} val acc ${m.validationAccuracy.toFixed(3)}`;
            log.info(`epoch ${m.epoch}: loss ${m.trainLoss.toFixed(4)} acc ${m.trainAccuracy.toFixed(3)}${validation}`);
          }
        },
      });
      current = training;
      try {
        return await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Training classifier', cancellable: true },
          async (progress, token) => {
            token.onCancellationRequested(() => training.cancel());
            const timer = setInterval(
              () => progress.report({ message: statusBar.text.replace(/\$\([^)]*\)\s*/, '') }),
              1000,
            );
            try {
              const result = await training.result;
              const temporal = result.temporal.test;
              const accuracy =
                result.testAccuracy === undefined
                  ? 'no test split'
                  : temporal
                    ? `test accuracy ${(temporal.frameAccuracy * 100).toFixed(1)} % with ${result.temporal.name} ` +
                      `(frame only ${(temporal.frameOnlyAccuracy * 100).toFixed(1)} %, most common class ` +
                      `${(temporal.majorityBaseline * 100).toFixed(1)} %)`
                    : `test accuracy ${(result.testAccuracy * 100).toFixed(1)} %`;
              const short =
                result.testAccuracy === undefined
                  ? accuracy
                  : `test accuracy ${((temporal?.frameAccuracy ?? result.testAccuracy) * 100).toFixed(1)} %`;
              statusBar.finish(`$(check) trained · ${short}`, result.runDir);
              log.info(`Training ${result.status}: ${result.runDir} (${accuracy}, backend ${result.backend.used})`);
              // The next steps of the evidence: frames with their scores, then the run folder.
              const actions =
                result.testAccuracy === undefined
                  ? ['Reveal Run Folder']
                  : ['Spot-Check Test Frames', 'Reveal Run Folder'];
              void vscode.window
                .showInformationMessage(
                  `Training ${result.status}: ${accuracy} on held-out videos (${result.backend.used}).`,
                  ...actions,
                )
                .then((pick) => {
                  if (pick === 'Spot-Check Test Frames')
                    return vscode.commands.executeCommand(CommandIds.spotCheck, { runDir: result.runDir });
                  if (pick === 'Reveal Run Folder')
                    return vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(result.runDir));
                  return undefined;
                });
              return result;
            } finally {
              clearInterval(timer);
            }
          },
        );
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(`Training failed: ${message}`);
        statusBar.finish('$(error) training failed', message);
        void vscode.window
          .showErrorMessage(`Training failed: ${message.split('\n')[0]}`, 'Show Log')
          .then((pick) => pick && log.show(true));
        return undefined;
      } finally {
        current = undefined;
        setRunning(false);
      }
    },
  );

  const cancel = vscode.commands.registerCommand(CommandIds.cancelTraining, () => current?.cancel());
  // VS Code closing or the extension being disabled: no orphaned worker.
  const killOnDispose = { dispose: () => current?.kill() };
  return vscode.Disposable.from(train, cancel, killOnDispose);
}

/**
 * Never train on the CPU silently: say why the GPU is not used, louder when it is installed but broken or was asked
 * for.
 */
function announceBackend(report: BackendReport): void {
  const gpu = report.diagnosis.filter((line) => line.startsWith('GPU:'));
  if (report.used === 'tensorflow-gpu' || !gpu.length) return;
  const text = `Training on ${report.used}, not the GPU. ${gpu.join(' ')}`;
  if (report.requested === 'gpu' || gpu.some((line) => !/is not installed/.test(line)))
    void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
}

/** Datasets of the workspace (folders with a manifest.jsonl), most recent first. */
async function pickDataset(): Promise<vscode.Uri | undefined> {
  const manifests = await vscode.workspace.findFiles('**/manifest.jsonl', '**/node_modules/**', 200);
  const items = manifests.map((uri) => ({
    label: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)),
    uri: vscode.Uri.file(path.dirname(uri.fsPath)),
  }));
  if (!items.length) {
    void vscode.window.showInformationMessage(
      'No dataset in this workspace yet: run Extract Frames on an annotation file first.',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Train on which dataset?',
    placeHolder: 'Folders written by Extract Frames',
  });
  return picked?.uri;
}
