import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TimelineSource } from '../../shared/timelineProtocol';
import { hasClassifier, pickRun } from '../panels/pickRun';
import { findAnnotationEntry, readPredictionSettings } from '../panels/timelineData';
import type { TimelineServices, TimelineSnapshot } from '../panels/timelinePanel';
import { TimelinePanels } from '../panels/timelinePanels';
import { CommandIds } from './commandIds';

/**
 * Scripted use (tests, the demo, the CodeLens): what to predict, without questions for what is given.
 * Paths are absolute (or relative to the first workspace folder).
 */
export interface PredictVideoRequest {
  readonly video: string;
  /** Run folder with a classifier; default: pickRun (the only one, else a quick pick). */
  readonly runDir?: string;
  /** Annotation file with the video's ground truth, and the video's entry in it; default: found in the workspace. */
  readonly annotations?: string;
  readonly videoId?: string | number;
  readonly everySeconds?: number;
  /** Frames averaged (1: none); default: surgeryClassifier.prediction.smoothingFrames. */
  readonly smoothing?: number;
  /** Run the model again even when the panel already shows a prediction. */
  readonly rerun?: boolean;
  /** Also write the predicted segments there (asks before replacing a file) and open it. */
  readonly saveTo?: string;
}

const VIDEO_GLOB = '**/*.{mp4,m4v,mov,mkv,avi,webm,MP4,MOV}';

function isRequest(value: unknown): value is PredictVideoRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const optional = (x: unknown, type: 'string' | 'number' | 'boolean') => x === undefined || typeof x === type;
  return (
    typeof v.video === 'string' &&
    optional(v.runDir, 'string') &&
    optional(v.annotations, 'string') &&
    (optional(v.videoId, 'string') || typeof v.videoId === 'number') &&
    optional(v.everySeconds, 'number') &&
    optional(v.smoothing, 'number') &&
    optional(v.rerun, 'boolean') &&
    optional(v.saveTo, 'string')
  );
}

const absolute = (file: string): string =>
  path.isAbsolute(file) ? file : path.resolve(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', file);

/**
 * Predict Video: the run's classifier over a whole video (in the worker), shown in the Video timeline.
 * Argument: a video file (Explorer), a PredictVideoRequest (CodeLens, scripts), or none (quick picks).
 * Returns the panel's snapshot once the prediction is done (undefined when nothing was opened).
 */
export function registerPredictVideo(services: TimelineServices): vscode.Disposable {
  const panels = new TimelinePanels(services);
  const command = vscode.commands.registerCommand(
    CommandIds.predictVideo,
    async (arg?: unknown): Promise<TimelineSnapshot | undefined> => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window
          .showErrorMessage(
            'Predict Video runs ffmpeg and TensorFlow.js in a worker process, so it needs a trusted workspace.',
            'Manage Workspace Trust',
          )
          .then((c) => c && vscode.commands.executeCommand('workbench.trust.manage'));
        return undefined;
      }
      if (arg !== undefined && !(arg instanceof vscode.Uri) && !isRequest(arg)) {
        void vscode.window.showErrorMessage(
          'Predict Video: the argument must be a video file or { video, runDir?, annotations?, videoId? }.',
        );
        return undefined;
      }
      const request: PredictVideoRequest | undefined =
        arg instanceof vscode.Uri ? { video: arg.fsPath } : (arg ?? (await pickVideo()));
      if (!request) return undefined;
      const video = absolute(request.video);
      if (!fs.existsSync(video)) {
        void vscode.window.showErrorMessage(
          `Video not found: ${video}. Check the entry's "video" field, or surgeryClassifier.videosFolder and ` +
            'surgeryClassifier.videoFileName.',
        );
        return undefined;
      }
      const entry = request.annotations
        ? {
            annotations: absolute(request.annotations),
            videoId: request.videoId === undefined ? undefined : String(request.videoId),
          }
        : await findAnnotationEntry(video);
      const runDir = request.runDir
        ? absolute(request.runDir)
        : await pickRun('Predict Video: which run’s classifier?');
      if (!runDir) return undefined;
      if (!hasClassifier(runDir)) {
        void vscode.window.showErrorMessage(
          `${runDir} has no saved classifier (model/model.json and labels.json): pick a run that finished ` +
            'training, or train one with "Surgery Classifier: Train Classifier".',
        );
        return undefined;
      }
      const settings = readPredictionSettings(vscode.Uri.file(video));
      const source: TimelineSource = {
        runDir,
        video,
        ...(entry?.annotations ? { annotations: entry.annotations } : {}),
        ...(entry?.videoId !== undefined ? { videoId: entry.videoId } : {}),
      };
      const panel = panels.open(source, request.smoothing ?? settings.smoothingFrames);
      if (request.smoothing !== undefined) await panel.setSmoothing(request.smoothing);
      // A second call while the model runs answers at once (running: true) rather than waiting for it.
      if (!panel.isRunning && (!panel.hasPrediction || request.rerun))
        await panel.predict(request.everySeconds ?? settings.everySeconds);
      if (request.saveTo && panel.hasPrediction) await panel.save(vscode.Uri.file(absolute(request.saveTo)));
      return panel.snapshot(panels.count);
    },
  );
  return vscode.Disposable.from(command, panels);
}

/** The videos of the workspace, in a quick pick. */
async function pickVideo(): Promise<PredictVideoRequest | undefined> {
  const files = await vscode.workspace.findFiles(VIDEO_GLOB, '**/node_modules/**', 500);
  if (!files.length) {
    void vscode.window.showInformationMessage(
      'No video files (mp4, mov, mkv, avi, webm) in this workspace. Right-click a video in the Explorer, or ' +
        'use the Predict Video lens of an annotation file.',
    );
    return undefined;
  }
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({
      label: path.basename(uri.fsPath),
      description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)),
      uri,
    })),
    { title: 'Predict Video', placeHolder: 'Which video?' },
  );
  return picked && { video: picked.uri.fsPath };
}
