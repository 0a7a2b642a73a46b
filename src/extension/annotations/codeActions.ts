import * as vscode from 'vscode';
import { fixAllEdits, type Analysis } from '../../core/annotations/analyze';
import type { Problem } from '../../core/problem';
import type { AnnotationAnalyzer } from './annotationAnalyzer';
import { toRange, toWorkspaceEdit } from './convert';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** Quick fixes for the problems under the cursor, and "fix all of this kind" where that is safe. */
export class AnnotationCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly analyzer: AnnotationAnalyzer) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const analysis = this.analyzer.analyze(document);
    if (!analysis) return [];
    const actions: vscode.CodeAction[] = [];
    const fixAllOffered = new Set<Problem['code']>();
    for (const problem of analysis.problems) {
      const problemRange = toRange(document, problem.span);
      if (!problemRange.intersection(range)) continue;
      const diagnostic = matchingDiagnostic(context.diagnostics, problem, problemRange);
      for (const fix of problem.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document, fix.edits);
        action.isPreferred = fix.preferred;
        if (diagnostic) action.diagnostics = [diagnostic];
        actions.push(action);
      }
      if (problem.fixes?.length && !fixAllOffered.has(problem.code)) {
        fixAllOffered.add(problem.code);
        const fixAll = this.fixAllAction(document, analysis, problem.code);
        if (fixAll) actions.push(fixAll);
      }
    }
    return actions;
  }

  private fixAllAction(
    document: vscode.TextDocument,
    analysis: Analysis,
    code: Problem['code'],
  ): vscode.CodeAction | undefined {
    const count = analysis.problems.filter((p) => p.code === code && p.fixes?.length).length;
    if (count < 2) return undefined;
    const edits = fixAllEdits(analysis, code);
    if (!edits?.length) return undefined;
    const action = new vscode.CodeAction(
      `Fix all ${count} '${code}' problems in this file`,
      vscode.CodeActionKind.QuickFix,
    );
    action.edit = toWorkspaceEdit(document, edits);
    return action;
  }
}

/**
 * The diagnostic a fix resolves: ours, or, for schema problems in files VS Code's JSON support
 * validates, the JSON language server's diagnostic on the same range.
 */
function matchingDiagnostic(
  diagnostics: readonly vscode.Diagnostic[],
  problem: Problem,
  range: vscode.Range,
): vscode.Diagnostic | undefined {
  return (
    diagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && d.code === problem.code && d.range.isEqual(range)) ??
    (problem.code === 'schema'
      ? diagnostics.find((d) => d.source !== DIAGNOSTIC_SOURCE && d.range.isEqual(range))
      : undefined)
  );
}
