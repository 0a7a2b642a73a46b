import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_EXTRACTION_SETTINGS, type ExtractionSettings } from '../../core/frames/extractionSettings';
import { extractDataset, type ExtractionSummary } from '../../core/frames/extractDataset';
import { formatSummary } from '../../core/frames/formatSummary';
import { stripBom } from '../../core/text/lineIndex';
import type { AnnotationAnalyzer } from '../annotations/annotationAnalyzer';
import { readAnnotationSettings, readExtractionDefaults } from '../config';
import { showExtractionForm, type ExtractionChoice } from '../frames/extractionForm';
import type { FfmpegToolsService } from '../frames/ffmpegTools';
import type { Log } from '../log';
import { CommandIds } from './commandIds';

/** Arguments for scripted use (tests, other commands): skip the form and use these. */
export interface ExtractFramesRequest {
  readonly annotations: vscode.Uri;
  readonly settings?: Partial<ExtractionSettings>;
  readonly outDir?: string;
  /** Cancels like the notification's Cancel button (for scripted callers). */
  readonly cancellation?: vscode.CancellationToken;
}

const isRequest = (value: unknown): value is ExtractFramesRequest =>
  typeof value === 'object' && value !== null && (value as { annotations?: unknown }).annotations instanceof vscode.Uri;

/** `onExtracted`: told of each dataset written (the Datasets view, whose file watcher may not see a new folder yet). */
export function registerExtractFrames(
  context: vscode.ExtensionContext,
  analyzer: AnnotationAnalyzer,
  tools: FfmpegToolsService,
  log: Log,
  onExtracted?: (summary: ExtractionSummary) => void,
): vscode.Disposable {
  return vscode.commands.registerCommand(
    CommandIds.extractFrames,
    async (arg?: vscode.Uri | ExtractFramesRequest): Promise<ExtractionSummary | undefined> => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window
          .showErrorMessage(
            'Extract Frames runs ffmpeg on your videos, so it needs a trusted workspace. Trust this folder to ' +
              'extract frames.',
            'Manage Workspace Trust',
          )
          .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
        return undefined;
      }
      const uri =
        arg instanceof vscode.Uri
          ? arg
          : isRequest(arg)
            ? arg.annotations
            : vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showInformationMessage(
          'Open an annotation file (or pick one in the Explorer) to extract its frames.',
        );
        return undefined;
      }
      const document = await vscode.workspace.openTextDocument(uri);
      const analysis = analyzer.analyze(document);
      if (!analysis?.model) {
        void vscode.window.showErrorMessage(
          `${vscode.workspace.asRelativePath(uri)} is not an annotation file (an array of { videoId, ` +
            'durationSeconds, annotations }).',
        );
        return undefined;
      }
      const errors = analyzer.publishable(document, analysis).filter((p) => p.severity === 'error');
      if (errors.length && !isRequest(arg)) {
        const go = await vscode.window.showWarningMessage(
          `${vscode.workspace.asRelativePath(uri)} has ${errors.length} error(s), e.g. "${errors[0].message}". ` +
            'Entries and segments with errors are left out.',
          { modal: true },
          'Extract Anyway',
        );
        if (go !== 'Extract Anyway') return undefined;
      }

      const stateKey = `extraction:${uri.toString()}`;
      const remembered = context.workspaceState.get<ExtractionChoice>(stateKey);
      const initial: ExtractionChoice = {
        settings: { ...DEFAULT_EXTRACTION_SETTINGS, ...remembered?.settings, ...(isRequest(arg) ? arg.settings : {}) },
        outDir: (isRequest(arg) && arg.outDir) || remembered?.outDir || defaultOutDir(uri),
      };
      const choice = isRequest(arg)
        ? initial
        : await showExtractionForm(initial, [...analysis.fileLabels.keys()].sort());
      if (!choice) return undefined;
      await context.workspaceState.update(stateKey, choice);

      let ffmpeg;
      try {
        ffmpeg = await tools.get();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(message);
        void vscode.window
          .showErrorMessage(message, 'Open Settings')
          .then(
            (open) =>
              open && vscode.commands.executeCommand('workbench.action.openSettings', 'surgeryClassifier.ffmpegPath'),
          );
        return undefined;
      }
      const annotationSettings = readAnnotationSettings(uri);
      const defaults = readExtractionDefaults(uri);
      const concurrency = defaults.concurrency || os.availableParallelism();
      log.info(
        `Extract Frames: ${uri.fsPath} → ${choice.outDir} (${concurrency} ffmpeg process(es) at once), ` +
          `settings ${JSON.stringify(choice.settings)}`,
      );

      return vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Extracting frames', cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const cancel = vscode.Disposable.from(
            token.onCancellationRequested(() => controller.abort()),
            ...(isRequest(arg) && arg.cancellation
              ? [arg.cancellation.onCancellationRequested(() => controller.abort())]
              : []),
          );
          let reported = 0;
          let lastLog = 0;
          try {
            const summary = await extractDataset({
              annotationsFile: uri.fsPath,
              annotationsText: stripBom(document.getText()),
              videosFolder: annotationSettings.videosFolder,
              videoFileName: annotationSettings.videoFileName,
              outDir: choice.outDir,
              settings: choice.settings,
              tools: ffmpeg,
              concurrency,
              maxFrames: defaults.maxFrames,
              signal: controller.signal,
              log: (level, message) => log[level](message),
              onProgress: (p) => {
                const percent = p.framesTotal ? (100 * p.framesDone) / p.framesTotal : 0;
                const eta = p.etaSeconds === undefined ? '' : ` · ETA ${formatSeconds(p.etaSeconds)}`;
                const message =
                  `videos ${p.videosDone}/${p.videosTotal} · frames ${p.framesDone}/${p.framesTotal} · ` +
                  `${p.framesPerSecond.toFixed(1)} frames/s${eta}`;
                progress.report({ message, increment: percent - reported });
                reported = percent;
                if (Date.now() - lastLog > 5000) {
                  lastLog = Date.now();
                  log.info(message);
                }
              },
            });
            log.info(`Extraction finished:\n${formatSummary(summary)}`);
            onExtracted?.(summary);
            void announce(summary, log);
            return summary;
          } catch (error) {
            if (controller.signal.aborted) {
              log.warn(
                'Extraction cancelled: the frames written so far are complete and kept; run Extract Frames ' +
                  'again to resume.',
              );
              void vscode.window.showInformationMessage(
                'Extraction cancelled. Frames written so far are kept; running it again resumes.',
              );
              return undefined;
            }
            const message = error instanceof Error ? error.message : String(error);
            log.error(`Extraction failed: ${message}`);
            void vscode.window
              .showErrorMessage(`Extraction failed: ${message}`, 'Show Log')
              .then((c) => c && log.show(true));
            return undefined;
          } finally {
            cancel.dispose();
          }
        },
      );
    },
  );
}

async function announce(summary: ExtractionSummary, log: Log): Promise<void> {
  const perSplit = Object.entries(summary.counts).map(
    ([split, classes]) => `${split} ${Object.values(classes).reduce((a, b) => a + b, 0)}`,
  );
  const total = summary.framesWritten + summary.framesReused;
  const head = `Extracted ${total} frames (${perSplit.join(' · ')}) in ${formatSeconds(summary.seconds)}.`;
  if (summary.failures.length) {
    const failed = summary.failures.map((f) => `video ${f.videoId}: ${f.message}`).join(' ');
    const pick = await vscode.window.showErrorMessage(
      `${head} ${summary.failures.length} video(s) failed: ${failed}`,
      'Show Summary',
    );
    if (pick) log.show(true);
    return;
  }
  const message = summary.warnings.length ? `${head} ${summary.warnings.join(' ')}` : head;
  const show = summary.warnings.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const pick = await show(message, 'Train Classifier', 'Show Summary', 'Reveal in Explorer');
  if (pick === 'Train Classifier')
    await vscode.commands.executeCommand(CommandIds.trainClassifier, vscode.Uri.file(summary.outDir));
  if (pick === 'Show Summary') log.show(true);
  if (pick === 'Reveal in Explorer')
    await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(summary.outDir));
}

function defaultOutDir(annotations: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(annotations)?.uri.fsPath ?? path.dirname(annotations.fsPath);
  const base = path.basename(annotations.fsPath).replace(/(\.annotations)?\.json$/i, '');
  return path.resolve(
    folder,
    readExtractionDefaults(annotations).outputFolder.split('${annotationFileBasename}').join(base),
  );
}

const formatSeconds = (seconds: number): string =>
  seconds < 90 ? `${seconds.toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
