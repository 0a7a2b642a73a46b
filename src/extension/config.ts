import * as vscode from 'vscode';

/** Settings of the annotation features, read once per use, typed and sanitized. */
export interface AnnotationSettings {
  readonly annotationFiles: readonly string[];
  readonly detectByContent: boolean;
  readonly labels: readonly string[];
  readonly videosFolder: string;
  readonly videoFileName: string;
  readonly delayMs: number;
  readonly codeLens: boolean;
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
  };
}

/** Whether VS Code's own JSON support validates (syntax and jsonValidation schemas). */
export const jsonValidationEnabled = (scope?: vscode.Uri): boolean => vscode.workspace.getConfiguration('json', scope).get('validate.enable') !== false;

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
