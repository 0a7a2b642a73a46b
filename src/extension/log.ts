import * as vscode from 'vscode';

/** The extension's output channel; VS Code's "Set Log Level…" controls what it shows. */
export type Log = vscode.LogOutputChannel;

export const createLog = (): Log => vscode.window.createOutputChannel('Surgery Classifier', { log: true });
