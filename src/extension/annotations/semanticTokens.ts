import * as vscode from 'vscode';
import { annotationHighlights, type HighlightKind } from '../../core/annotations/highlights';
import type { AnnotationAnalyzer } from './annotationAnalyzer';

/**
 * Standard token types, so that every theme colours them: labels are the classifier's classes
 * (`type`, the scope entity.name.type that themes colour as type names), times are fixed values
 * (`variable` + `readonly`, which themes colour as constants). No custom type: a theme would not know it.
 */
const TOKEN_TYPES = ['type', 'variable'] as const;
const TOKEN_MODIFIERS = ['readonly'] as const;
export const ANNOTATION_TOKEN_LEGEND = new vscode.SemanticTokensLegend([...TOKEN_TYPES], [...TOKEN_MODIFIERS]);

const ENCODING: Record<HighlightKind, { type: number; modifiers: number }> = {
  label: { type: TOKEN_TYPES.indexOf('type'), modifiers: 0 },
  time: { type: TOKEN_TYPES.indexOf('variable'), modifiers: 1 << TOKEN_MODIFIERS.indexOf('readonly') },
};

/**
 * Colours times and labels in annotation files only: the analyzer decides which documents those are,
 * so package.json, tasks.json and every other JSON file keep their plain colours.
 */
export class AnnotationSemanticTokens implements vscode.DocumentSemanticTokensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeSemanticTokens = this.changed.event;

  constructor(private readonly analyzer: AnnotationAnalyzer) {}

  /** Which files are annotation files depends on settings: tokens are asked for again. */
  refresh(): void {
    this.changed.fire();
  }

  provideDocumentSemanticTokens(document: vscode.TextDocument): vscode.SemanticTokens {
    const builder = new vscode.SemanticTokensBuilder(ANNOTATION_TOKEN_LEGEND);
    const model = this.analyzer.analyze(document)?.model;
    for (const highlight of model ? annotationHighlights(model) : []) {
      const start = document.positionAt(highlight.offset);
      const { type, modifiers } = ENCODING[highlight.kind];
      builder.push(start.line, start.character, highlight.length, type, modifiers);
    }
    return builder.build();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
