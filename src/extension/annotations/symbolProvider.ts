import * as vscode from 'vscode';
import { outline, type OutlineItem } from '../../core/annotations/outline';
import type { AnnotationAnalyzer } from './annotationAnalyzer';
import { toRange } from './convert';

/** Outline and breadcrumbs: videos, and their segments with readable times. */
export class AnnotationSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly analyzer: AnnotationAnalyzer) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] | undefined {
    const model = this.analyzer.analyze(document)?.model;
    if (!model) return undefined;
    const toSymbol = (item: OutlineItem): vscode.DocumentSymbol => {
      const kind = item.kind === 'video' ? vscode.SymbolKind.File : vscode.SymbolKind.Event;
      const symbol = new vscode.DocumentSymbol(
        item.name,
        item.detail,
        kind,
        toRange(document, item.span),
        toRange(document, item.selection),
      );
      symbol.children = item.children.map(toSymbol);
      return symbol;
    };
    return outline(model).map(toSymbol);
  }
}
