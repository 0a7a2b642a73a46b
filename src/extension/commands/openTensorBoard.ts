import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findExecutable } from '../../core/training/findExecutable';
import type { Log } from '../log';
import { readTrainingSettings } from '../training/trainingSettings';
import { CommandIds } from './commandIds';

export type TensorBoardResult =
  | { status: 'missing'; logdir: string }
  | { status: 'started' | 'reused'; url: string; logdir: string }
  | { status: 'refused' };

/**
 * Open in TensorBoard: one TensorBoard per window on 127.0.0.1, on the runs folder, shown through
 * env.asExternalUri (so it works over Remote-SSH and in code-server); killed with the window.
 */
export function registerOpenTensorBoard(log: Log): vscode.Disposable {
  let running: { process: ChildProcess; url: string; logdir: string } | undefined;
  const command = vscode.commands.registerCommand(CommandIds.openTensorBoard, async (): Promise<TensorBoardResult> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('TensorBoard is a separate program: it runs only in a trusted workspace.');
      return { status: 'refused' };
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const logdir = path.resolve(folder, readTrainingSettings().runsFolder);
    if (running && running.logdir === logdir && running.process.exitCode === null) {
      await show(running.url);
      return { status: 'reused', url: running.url, logdir };
    }
    const executable = findExecutable('tensorboard');
    if (!executable) {
      const message =
        `TensorBoard is not installed (no "tensorboard" on the PATH). Install it with \`pip install ` +
        `tensorboard\`, then run this command again; or run \`tensorboard --logdir "${logdir}"\` yourself. The ` +
        `event files are in ${logdir}/*/logs.`;
      log.warn(message);
      void vscode.window
        .showInformationMessage(message, 'Copy Install Command')
        .then((pick) => pick && vscode.env.clipboard.writeText('pip install tensorboard'));
      return { status: 'missing', logdir };
    }
    running?.process.kill();
    const port = await freePort();
    const child = spawn(executable, ['--logdir', logdir, '--host', '127.0.0.1', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => log.debug(`tensorboard: ${chunk.toString().trim()}`));
    const url = `http://127.0.0.1:${port}/`;
    running = { process: child, url, logdir };
    log.info(`TensorBoard ${executable} on ${url} for ${logdir}`);
    await waitForHttp(url, 60_000, child);
    await show(url);
    return { status: 'started', url, logdir };
  });
  return vscode.Disposable.from(command, { dispose: () => running?.process.kill() });
}

async function show(url: string): Promise<void> {
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
  // The Simple Browser keeps it beside the code; fall back to the system browser where it is missing.
  try {
    await vscode.commands.executeCommand('simpleBrowser.show', external.toString());
  } catch {
    await vscode.env.openExternal(external);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`TensorBoard exited (code ${child.exitCode}) before it answered; see the log.`);
    const ok = await new Promise<boolean>((resolve) => {
      const request = http.get(url, (response) => {
        response.resume();
        resolve(true);
      });
      request.on('error', () => resolve(false));
      request.setTimeout(1000, () => request.destroy());
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`TensorBoard did not answer on ${url} within ${timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
