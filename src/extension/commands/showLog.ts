import * as vscode from 'vscode';
import type { Log } from '../log';
import { CommandIds } from './commandIds';

export const registerShowLog = (log: Log): vscode.Disposable =>
  vscode.commands.registerCommand(CommandIds.showLog, () => log.show(true));
