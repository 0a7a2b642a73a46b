import * as vscode from 'vscode';
import { CommandIds } from './commandIds';

/**
 * Reveal in Explorer for the rows of the Surgery Classifier views. The built-in `revealInExplorer`
 * cannot be put in a view's menu (a contributed menu names contributed commands), so this passes
 * the row's Uri on to it.
 */
export function registerRevealInExplorer(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.revealInExplorer, async (arg?: unknown) => {
    if (!(arg instanceof vscode.Uri)) return;
    if (!vscode.workspace.getWorkspaceFolder(arg)) {
      const message = `${arg.fsPath} is outside the workspace folders, so the Explorer cannot show it.`;
      void vscode.window.showInformationMessage(message);
      return;
    }
    await vscode.commands.executeCommand('revealInExplorer', arg);
  });
}
