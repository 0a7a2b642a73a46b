import * as vscode from 'vscode';
import type { Analysis } from '../../core/annotations/analyze';
import { LineIndex, stripBom } from '../../core/text/lineIndex';
import type { AnnotationAnalyzer } from '../annotations/annotationAnalyzer';

/** An annotation file as the view shows it: its analysis, and where its offsets are. */
export interface AnnotationFileState {
  readonly uri: vscode.Uri;
  readonly analysis: Analysis;
  readonly positionAt: (offset: number) => vscode.Position;
}

/**
 * Analyses of annotation files. An open document goes through the analyzer (its cache, the text the
 * Problems panel shows, unsaved edits included); a closed file is read from disk, and read again
 * only when its modification time or size changed, so a refresh of many files costs a stat each.
 */
export class AnnotationFileStates {
  private readonly closed = new Map<string, { stamp: string; state: AnnotationFileState }>();

  constructor(private readonly analyzer: AnnotationAnalyzer) {}

  /** Settings or trust changed: the analyses of closed files are stale too. */
  clear(): void {
    this.closed.clear();
  }

  async get(uri: vscode.Uri): Promise<AnnotationFileState | undefined> {
    const key = uri.toString();
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
    // A large open file is not analysed as it is typed: until it is checked again, the file on disk counts.
    const analysis = open && this.analyzer.analyze(open);
    if (open && analysis) return { uri, analysis, positionAt: (offset) => open.positionAt(offset) };
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      const stamp = `${stat.mtime}:${stat.size}`;
      const cached = this.closed.get(key);
      if (cached?.stamp === stamp) return cached.state;
      const text = stripBom(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      const lines = new LineIndex(text);
      const positionAt = (offset: number): vscode.Position => {
        const { line, character } = lines.positionAt(offset);
        return new vscode.Position(line, character);
      };
      const state = { uri, analysis: this.analyzer.analyzeText(uri, text), positionAt };
      this.closed.set(key, { stamp, state });
      return state;
    } catch {
      // Deleted between the search and the read: the next refresh (from the watcher) drops it.
      this.closed.delete(key);
      return undefined;
    }
  }
}
