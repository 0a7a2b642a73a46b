import * as vscode from 'vscode';
import { fixAllEdits } from '../../core/annotations/analyze';
import type { Problem } from '../../core/problem';
import type { AnnotationAnalyzer } from '../annotations/annotationAnalyzer';
import { toWorkspaceEdit } from '../annotations/convert';
import type { Log } from '../log';
import { CommandIds } from './commandIds';

/** Kinds applied one after the other, each on the text the previous one left. */
const ORDER: readonly Problem['code'][] = [
  'schema',
  'inverted-segment',
  'segment-past-end',
  'overlapping-segments',
  'unknown-label',
];

/** Applies every safe repair in the active annotation file; returns how many kinds changed text. */
export function registerFixAllInFile(analyzer: AnnotationAnalyzer, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.fixAllInFile, async (uri?: vscode.Uri) => {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document || !analyzer.analyze(document)) {
      void vscode.window.showInformationMessage('Open an annotation file to fix its problems.');
      return 0;
    }
    let applied = 0;
    for (const code of ORDER) {
      const analysis = analyzer.analyze(document);
      const edits = analysis && fixAllEdits(analysis, code);
      if (!edits?.length) continue;
      if (await vscode.workspace.applyEdit(toWorkspaceEdit(document, edits))) applied++;
      else log.warn(`Could not apply the '${code}' fixes to ${document.uri.fsPath}`);
    }
    log.info(`Fix all in ${document.uri.fsPath}: ${applied} kind(s) of problem repaired`);
    return applied;
  });
}
