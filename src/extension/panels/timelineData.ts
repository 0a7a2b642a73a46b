import { TEMPORAL_CHOICES, type TemporalChoice } from '../../core/temporal/runTemporalModel';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { truthSegments, type VideoTruth } from '../../core/predictions/truthSegments';
import { findVideoEntry } from '../../core/predictions/videoEntry';
import { SMOOTHING_FRAMES_MAX, type TimelineSource } from '../../shared/timelineProtocol';
import { readAnnotationSettings } from '../config';

/** The text the user sees: an open editor's (unsaved edits included), else the file's. */
async function currentText(file: string): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  return open ? open.getText() : fs.promises.readFile(file, 'utf8');
}

/** The annotated segments of the source's video, or why there are none (shown in the panel). */
export async function readTruth(source: TimelineSource): Promise<{ truth?: VideoTruth; note?: string }> {
  if (!source.annotations)
    return { note: 'No annotation file refers to this video: predictions are shown without ground truth.' };
  const name = vscode.workspace.asRelativePath(source.annotations);
  if (source.videoId === undefined)
    return { note: `No videoId given for ${name}: predictions are shown without ground truth.` };
  let text: string;
  try {
    text = await currentText(source.annotations);
  } catch (error) {
    return {
      note:
        `Cannot read ${name} (${error instanceof Error ? error.message : String(error)}): predictions are shown ` +
        'without ground truth.',
    };
  }
  const truth = truthSegments(text, source.videoId);
  return truth
    ? { truth }
    : { note: `${name} has no entry with videoId ${source.videoId}: predictions are shown without ground truth.` };
}

/** The annotation entry of a video file: the first annotation file of the workspace whose entry resolves to it. */
export async function findAnnotationEntry(
  video: string,
): Promise<{ annotations: string; videoId: string } | undefined> {
  const settings = readAnnotationSettings(vscode.Uri.file(video));
  const patterns =
    settings.annotationFiles.length === 1 ? settings.annotationFiles[0] : `{${settings.annotationFiles.join(',')}}`;
  const files = await vscode.workspace.findFiles(patterns, '**/node_modules/**', 500);
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  for (const uri of files) {
    if (uri.fsPath.endsWith('.predicted.annotations.json')) continue;
    let text: string;
    try {
      text = await currentText(uri.fsPath);
    } catch {
      continue;
    }
    const fileSettings = readAnnotationSettings(uri);
    const videoId = findVideoEntry(text, {
      annotationDir: path.dirname(uri.fsPath),
      folder: fileSettings.videosFolder,
      fileNamePattern: fileSettings.videoFileName,
      video,
    });
    if (videoId !== undefined) return { annotations: uri.fsPath, videoId };
  }
  return undefined;
}

/** Prediction settings, sanitized: a wrong value falls back to its default. */
export function readPredictionSettings(scope?: vscode.Uri): {
  everySeconds: number;
  smoothingFrames: number;
  temporalModel: TemporalChoice;
} {
  const config = vscode.workspace.getConfiguration('surgeryClassifier.prediction', scope);
  const every = config.get('everySeconds');
  const smoothing = config.get('smoothingFrames');
  const temporal = config.get('temporalModel');
  return {
    temporalModel: TEMPORAL_CHOICES.find((c) => c === temporal) ?? 'run',
    everySeconds: typeof every === 'number' && Number.isFinite(every) && every > 0 ? every : 2,
    smoothingFrames:
      typeof smoothing === 'number' && Number.isInteger(smoothing) && smoothing >= 1
        ? Math.min(smoothing, SMOOTHING_FRAMES_MAX)
        : 3,
  };
}
