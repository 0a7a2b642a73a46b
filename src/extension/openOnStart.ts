import * as vscode from 'vscode';
import { OPEN_ON_START_ENV, parseOpenOnStart } from '../shared/openOnStart';
import { CommandIds } from './commands/commandIds';
import type { Log } from './log';

/**
 * Opens the panels the environment names (src/shared/openOnStart.ts), once per extension host; only in a trusted
 * workspace (prediction runs a process).
 */
export async function openOnStart(log: Log, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const request = parseOpenOnStart(env[OPEN_ON_START_ENV]);
  if (!request) return;
  if (!vscode.workspace.isTrusted) return log.warn(`${OPEN_ON_START_ENV} ignored: the workspace is not trusted.`);
  try {
    if (request.predictVideo) await vscode.commands.executeCommand(CommandIds.predictVideo, request.predictVideo);
    if (request.dashboard) {
      // Side by side with the timeline, in a new group: moving an open webview would reload it.
      if (request.predictVideo) await vscode.commands.executeCommand('workbench.action.newGroupRight');
      await vscode.commands.executeCommand(CommandIds.showDashboard, vscode.Uri.file(request.dashboard));
    }
  } catch (error) {
    log.error(`${OPEN_ON_START_ENV}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
