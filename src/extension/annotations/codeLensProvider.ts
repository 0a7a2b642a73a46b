import * as vscode from 'vscode';
import { formatVideoSummary, summarizeVideo } from '../../core/annotations/videoSummary';
import { readAnnotationSettings } from '../config';
import { CommandIds } from '../commands/commandIds';
import type { AnnotationAnalyzer } from './annotationAnalyzer';

/** Above each video entry: its segment count and labelled time per label, with the share of the video. */
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
    const lenses = model.entries.map((entry) => {
      const position = document.positionAt(entry.node.offset);
      // A lens without a command id renders as plain text: a summary, not an action.
      return new vscode.CodeLens(new vscode.Range(position, position), { title: formatVideoSummary(summarizeVideo(entry)), command: '' });
    });
    if (vscode.workspace.isTrusted && model.entries.length) {
      const top = document.positionAt(model.root.offset);
      lenses.unshift(new vscode.CodeLens(new vscode.Range(top, top), { title: '$(file-media) Extract Frames…', command: CommandIds.extractFrames, arguments: [document.uri] }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
