import * as vscode from 'vscode';
import type { LineIndex } from '../../core/text/lineIndex';
import type { Severity, TextEdit, TextSpan } from '../../core/problem';

/** What maps offsets to positions: an open document, or a file's text through the core's line index. */
export type PositionSource = Pick<vscode.TextDocument, 'uri' | 'positionAt'>;

/** Core offsets → VS Code ranges, using the document's own line table. */
export const toRange = (document: PositionSource, span: TextSpan): vscode.Range =>
  new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length));

export function toWorkspaceEdit(document: PositionSource, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of edits) edit.replace(document.uri, toRange(document, change), change.newText);
  return edit;
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
  }
}

export function positionSource(uri: vscode.Uri, lines: LineIndex): PositionSource {
  return {
    uri,
    positionAt: (offset: number) => {
      const { line, character } = lines.positionAt(offset);
      return new vscode.Position(line, character);
    },
  };
}
