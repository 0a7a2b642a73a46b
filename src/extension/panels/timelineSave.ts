import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/util/atomicWrite';

/**
 * Where predicted segments go, written and opened in an editor (the validator then checks them).
 * Without `target`, the save dialog proposes `defaultFile` and asks itself before replacing a file;
 * a scripted `target` that exists is replaced only after a yes. A file open with unsaved changes is
 * never written over. Resolves to the written path, undefined when the user backs out; rejects,
 * naming the file, when it cannot be written.
 */
export async function savePredictedSegments(
  defaultFile: string,
  target: vscode.Uri | undefined,
  text: (outFile: string) => string,
): Promise<string | undefined> {
  let uri = target;
  if (!uri) {
    uri = await vscode.window.showSaveDialog({
      title: 'Save predicted segments',
      saveLabel: 'Save',
      defaultUri: vscode.Uri.file(defaultFile),
      filters: { 'Annotation files': ['json'] },
    });
    if (!uri) return undefined;
  } else if (fs.existsSync(uri.fsPath)) {
    const replace = await vscode.window.showWarningMessage(
      `${vscode.workspace.asRelativePath(uri)} exists. Replace it with the predicted segments?`,
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') return undefined;
  }
  const file = uri.fsPath;
  if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === file && d.isDirty)) {
    void vscode.window.showErrorMessage(
      `${vscode.workspace.asRelativePath(uri)} has unsaved changes: save or close it first, or choose another file.`,
    );
    return undefined;
  }
  try {
    await writeFileAtomic(file, text(file));
  } catch (error) {
    throw new Error(`Cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  await vscode.window.showTextDocument(uri, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return file;
}
