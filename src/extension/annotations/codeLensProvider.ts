import * as vscode from 'vscode';
import { formatVideoSummary, summarizeVideo } from '../../core/annotations/videoSummary';
import { readAnnotationSettings } from '../config';
import { CommandIds } from '../commands/commandIds';
import type { AnnotationAnalyzer } from './annotationAnalyzer';

/**
 * Above each video entry: its segment count and labelled time per label, with the share of the video, and Predict
 * Video.
 */
export class AnnotationCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly analyzer: AnnotationAnalyzer) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!readAnnotationSettings(document.uri).codeLens) return [];
    const model = this.analyzer.analyze(document)?.model;
    if (!model) return [];
    const analysis = this.analyzer.analyze(document);
    const lenses = model.entries.flatMap((entry) => {
      const position = document.positionAt(entry.node.offset);
      const range = new vscode.Range(position, position);
      // A lens without a command id renders as plain text: a summary, not an action.
      const summary = new vscode.CodeLens(range, { title: formatVideoSummary(summarizeVideo(entry)), command: '' });
      // Predict Video runs a process: trusted workspaces only, and only when the entry's video is there.
      const video =
        vscode.workspace.isTrusted && entry.videoId && analysis
          ? this.analyzer.videoFileAt(document, analysis, entry.node.offset)
          : undefined;
      if (!video || !entry.videoId) return [summary];
      const request = { video, annotations: document.uri.fsPath, videoId: String(entry.videoId.value) };
      return [
        summary,
        new vscode.CodeLens(range, {
          title: '$(play-circle) Predict Video',
          tooltip: `Run a trained classifier over ${video} and compare with this entry`,
          command: CommandIds.predictVideo,
          arguments: [request],
        }),
      ];
    });
    if (vscode.workspace.isTrusted && model.entries.length) {
      const top = document.positionAt(model.root.offset);
      lenses.unshift(
        new vscode.CodeLens(new vscode.Range(top, top), {
          title: '$(file-media) Extract Frames…',
          command: CommandIds.extractFrames,
          arguments: [document.uri],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
