import * as vscode from 'vscode';
import { labelCompletionAt } from '../../core/annotations/labelCompletion';
import { addCounts } from '../../core/annotations/labels';
import type { AnnotationAnalyzer } from './annotationAnalyzer';
import { toRange } from './convert';
import type { WorkspaceLabels } from './workspaceLabels';

/** Label values from the labels the workspace uses, most used first. */
export class LabelCompletionProvider implements vscode.CompletionItemProvider {
  constructor(
    private readonly analyzer: AnnotationAnalyzer,
    private readonly labels: WorkspaceLabels,
  ) {}

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
  ): vscode.CompletionItem[] | undefined {
    const analysis = this.analyzer.analyze(document);
    if (!analysis) return undefined;
    const counts = this.labels.othersThan(document.uri);
    addCounts(counts, analysis.fileLabels);
    const completion = labelCompletionAt(analysis, document.offsetAt(position), counts);
    if (!completion) return undefined;
    const range = toRange(document, completion.replace);
    return completion.labels.map(({ label, count }, index) => {
      const item = new vscode.CompletionItem(label, vscode.CompletionItemKind.EnumMember);
      item.insertText = JSON.stringify(label);
      item.filterText = JSON.stringify(label);
      item.range = range;
      item.detail = `${count} segment${count === 1 ? '' : 's'} in the workspace`;
      item.sortText = String(index).padStart(5, '0');
      return item;
    });
  }
}
