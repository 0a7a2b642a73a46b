import * as vscode from 'vscode';
import { timeHoverAt } from '../../core/annotations/hoverInfo';
import type { AnnotationAnalyzer } from './annotationAnalyzer';
import { toRange } from './convert';

/** On a seconds value: hh:mm:ss.mmm, the segment's length and the share of the video. */
export class AnnotationHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyzer: AnnotationAnalyzer) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.analyzer.analyze(document);
    const info = analysis && timeHoverAt(analysis, document.offsetAt(position));
    if (!info) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(info.lines.join('  \n')), toRange(document, info.span));
  }
}
