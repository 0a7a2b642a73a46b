import * as vscode from 'vscode';
import { LineIndex, stripBom } from '../../core/text/lineIndex';
import type { AnnotationAnalyzer } from '../annotations/annotationAnalyzer';
import { positionSource } from '../annotations/convert';
import { toDiagnostics, type AnnotationDiagnostics } from '../annotations/diagnostics';
import { readAnnotationSettings } from '../config';
import type { Log } from '../log';
import { CommandIds } from './commandIds';

export interface WorkspaceValidationSummary {
  files: number;
  errors: number;
  warnings: number;
}

/** Checks every annotation file of the workspace, open or not, and lists the problems in the Problems panel. */
export function registerValidateWorkspace(
  analyzer: AnnotationAnalyzer,
  diagnostics: AnnotationDiagnostics,
  log: Log,
): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.validateWorkspace, () =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'Surgery Classifier: checking annotation files',
        cancellable: true,
      },
      async (progress, token): Promise<WorkspaceValidationSummary> => {
        const patterns = readAnnotationSettings().annotationFiles;
        const glob = patterns.length === 1 ? patterns[0] : `{${patterns.join(',')}}`;
        const files = patterns.length
          ? await vscode.workspace.findFiles(glob, '**/node_modules/**', undefined, token)
          : [];
        const summary: WorkspaceValidationSummary = { files: 0, errors: 0, warnings: 0 };
        for (const uri of files) {
          if (token.isCancellationRequested) break;
          progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / files.length });
          const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
          let found: vscode.Diagnostic[];
          if (open) {
            diagnostics.refresh(open, 'command');
            found = [...(diagnostics.collection.get(uri) ?? [])];
          } else {
            try {
              const text = stripBom(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
              found = toDiagnostics(positionSource(uri, new LineIndex(text)), analyzer.problemsOfText(uri, text));
              diagnostics.publish(uri, found);
            } catch (error) {
              log.error(`Could not read ${uri.fsPath}: ${String(error)}`);
              continue;
            }
          }
          summary.files++;
          summary.errors += found.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
          summary.warnings += found.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
        }
        const message =
          `Checked ${summary.files} annotation file(s): ${summary.errors} error(s), ${summary.warnings} ` +
          'warning(s).';
        log.info(message);
        if (summary.errors || summary.warnings) {
          void vscode.window
            .showWarningMessage(message, 'Show Problems')
            .then((choice) => choice && vscode.commands.executeCommand('workbench.actions.view.problems'));
        } else {
          void vscode.window.showInformationMessage(message);
        }
        return summary;
      },
    ),
  );
}
