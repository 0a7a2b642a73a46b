// code-server 4.100.3 (VS Code 1.100.3 in the browser) as the test host that needs no internet.
// See shared/docs/vscode-e2e.md for the facts behind each flag and setting.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { Socket } from 'node:net';
import * as path from 'node:path';
import { freePort, waitForHttp } from './network';
import { codeServerBin, codeServerComplete, codeServerDir, repoRoot } from './paths';
import { killProcessTree, killProcessTreeNow } from './processTree';
import { makeTempDir, removeTempDir } from './tempDirs';
import { Settings, writeUserSettings } from './userSettings';
import { WorkbenchPayload, workbenchUrl } from './workbenchUrl';

export type { Settings } from './userSettings';
export type { WorkbenchPayload } from './workbenchUrl';

export interface CodeServerOptions {
  /** Enables Workspace Trust (folders then open in Restricted Mode until trusted). Default false. */
  readonly workspaceTrust?: boolean;
  /** Added to (and overriding) the default user settings. */
  readonly settings?: Settings;
  /** Extra environment: it reaches the extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** Receives code-server's own output lines; by default they are kept and shown only on failure. */
  readonly log?: (line: string) => void;
}

export interface CodeServer {
  readonly port: number;
  /** The workbench URL opening `folder`, with a development extension and tests when given. */
  url(folder: string, payload?: WorkbenchPayload): string;
  /** Ends the whole process tree and removes the scratch folders. */
  stop(): Promise<void>;
}

/** Installs code-server into .vscode-test/ on first use (about 2 minutes). */
export function ensureCodeServer(): void {
  if (fs.existsSync(codeServerComplete)) return;
  console.log(`code-server is not installed in ${codeServerDir}; installing it now`);
  const script = path.join(repoRoot, 'scripts', 'install-code-server.sh');
  const result = spawnSync('bash', [script], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0 || !fs.existsSync(codeServerComplete)) {
    throw new Error(
      'code-server could not be installed. It needs the Debian packages ripgrep and libkrb5-dev ' +
        '(bash scripts/install-system-deps.sh), then: bash scripts/install-code-server.sh',
    );
  }
}

/** The parent's environment minus what would redirect code-server: it must start its own instance. */
function serverEnv(home: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    // VSCODE_IPC_HOOK_CLI makes code-server open the folder in the instance it runs in; PORT and
    // PASSWORD override flags; ELECTRON_RUN_AS_NODE & co leak from a surrounding VS Code.
    if (/^(VSCODE_|ELECTRON_|CODE_SERVER_|PORT$|PASSWORD$|HASHED_PASSWORD$)/.test(name)) delete env[name];
  }
  return {
    ...env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    // The extension host's IPC sockets, git's and TypeScript's go here, and so are removed with it.
    TMPDIR: path.join(home, 'tmp'),
    XDG_RUNTIME_DIR: path.join(home, 'run'),
    // No extension gallery: offline, its lookups (open-vsx.org) only log ENOTFOUND stack traces.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

/** Keeps the last lines of output, to explain a failed start. */
function collectOutput(child: ChildProcess, log: ((line: string) => void) | undefined): () => string {
  const lines: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      log?.(line);
      lines.push(line);
      if (lines.length > 60) lines.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return () => lines.join('\n');
}

// A crashed runner must not leave servers behind; 'exit' handlers only run synchronous code.
const running = new Set<number>();
process.on('exit', () => running.forEach(killProcessTreeNow));

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  ensureCodeServer();
  const workspaceTrust = options.workspaceTrust ?? false;
  const home = makeTempDir('sc-code-server-');
  const userDataDir = path.join(home, 'user-data');
  const extensionsDir = path.join(home, 'extensions');
  writeUserSettings(userDataDir, workspaceTrust, options.settings);
  for (const dir of [extensionsDir, path.join(home, 'tmp'), path.join(home, 'run')]) fs.mkdirSync(dir, { mode: 0o700 });

  const port = await freePort();
  const args = [
    fs.realpathSync(codeServerBin),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  // detached: its own process group, so orphans can still be found (and Ctrl+C reaches only us).
  const child = spawn(process.execPath, args, {
    cwd: home,
    env: serverEnv(home, options.env ?? {}),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('code-server did not start');
  running.add(pid);
  const output = collectOutput(child, options.log);
  // A forgotten stop() must not keep the test process alive: its exit hook ends the tree instead.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) if (stream instanceof Socket) stream.unref();
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `code-server exited (${signal ?? code}) while starting`));

  const stop = async (): Promise<void> => {
    await killProcessTree(pid);
    running.delete(pid);
    removeTempDir(home);
  };
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 30_000, () => exited);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${output()}`, { cause: error });
  }
  return { port, url: (folder, payload) => workbenchUrl(port, folder, payload), stop };
}
