import * as vscode from 'vscode';
import { DEFAULT_LARGE_FILE_MB } from '../core/annotations/largeFile';
import { DEFAULT_MAX_FRAMES } from '../core/frames/framePlan';

/** Settings of the annotation features, read once per use, typed and sanitized. */
export interface AnnotationSettings {
  readonly annotationFiles: readonly string[];
  readonly detectByContent: boolean;
  readonly labels: readonly string[];
  readonly videosFolder: string;
  readonly videoFileName: string;
  readonly delayMs: number;
  readonly codeLens: boolean;
  readonly durationTolerance: number;
  /** Files above this many MB are checked on open and save only (0: always as you type). */
  readonly largeFileThresholdMB: number;
}

export const SECTION = 'surgeryClassifier';

export function readAnnotationSettings(scope?: vscode.Uri): AnnotationSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const videoFileName = stringSetting(config, 'videoFileName', '{videoId}.mp4');
  return {
    annotationFiles: stringArray(config.get('annotationFiles'), ['**/*.annotations.json']),
    detectByContent: config.get('detectByContent') !== false,
    labels: stringArray(config.get('labels'), []).filter((label) => label.length > 0),
    videosFolder: stringSetting(config, 'videosFolder', ''),
    videoFileName: videoFileName.includes('{videoId}') ? videoFileName : '{videoId}.mp4',
    delayMs: clampNumber(config.get('validation.delayMs'), 250, 0, 5000),
    codeLens: config.get('validation.codeLens') !== false,
    durationTolerance: clampNumber(config.get('videoDurationTolerance'), 1, 0, 3600),
    largeFileThresholdMB: clampNumber(config.get('largeFileThresholdMB'), DEFAULT_LARGE_FILE_MB, 0, 1_000_000),
  };
}

/** Whether VS Code's own JSON support validates (syntax and jsonValidation schemas). */
export const jsonValidationEnabled = (scope?: vscode.Uri): boolean =>
  vscode.workspace.getConfiguration('json', scope).get('validate.enable') !== false;

function stringSetting(config: vscode.WorkspaceConfiguration, key: string, fallback: string): string {
  const value = config.get(key);
  return typeof value === 'string' ? value.trim() : fallback;
}

function stringArray(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : fallback;
}

function clampNumber(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** Where ffmpeg and ffprobe are, when the user says so (empty: found automatically). */
export function readToolSettings(): { ffmpegPath: string | undefined; ffprobePath: string | undefined } {
  const config = vscode.workspace.getConfiguration(SECTION);
  const path = (key: string): string | undefined => {
    const value = config.get(key);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  return { ffmpegPath: path('ffmpegPath'), ffprobePath: path('ffprobePath') };
}

export interface ExtractionDefaults {
  /** ffmpeg processes at once; 0 in the setting means one per core. */
  readonly concurrency: number;
  /** Output folder pattern relative to the workspace folder, with ${annotationFileBasename}. */
  readonly outputFolder: string;
  /** A plan with more frames is refused before anything is written. */
  readonly maxFrames: number;
}

export function readExtractionDefaults(scope?: vscode.Uri): ExtractionDefaults {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const concurrency = config.get('extraction.concurrency');
  const outputFolder = config.get('extraction.outputFolder');
  const maxFrames = config.get('extraction.maxFrames');
  return {
    maxFrames: typeof maxFrames === 'number' && maxFrames >= 1 ? Math.floor(maxFrames) : DEFAULT_MAX_FRAMES,
    concurrency: typeof concurrency === 'number' && concurrency > 0 ? Math.min(64, Math.floor(concurrency)) : 0,
    outputFolder:
      typeof outputFolder === 'string' && outputFolder.trim()
        ? outputFolder.trim()
        : 'datasets/${annotationFileBasename}',
  };
}
