// The usual host where the internet is reachable: desktop VS Code from @vscode/test-electron.
// It is spawned here rather than through runTests(), because runTests() always adds
// --disable-workspace-trust and the restricted pass needs Workspace Trust on.
import { SilentReporter, downloadAndUnzipVSCode } from '@vscode/test-electron';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IntegrationPass, passEnv, withTimeout } from './integrationPass';
import { codeServerVersion, repoRoot } from './paths';
import { killProcessTree } from './processTree';
import { copyWorkspace, makeTempDir, removeTempDir } from './tempDirs';
import { writeUserSettings } from './userSettings';

/** Same VS Code as code-server's (1.100.3) unless SC_VSCODE_VERSION says otherwise. */
const version = process.env.SC_VSCODE_VERSION ?? codeServerVersion.replace(/^4\./, '1.');

/** The desktop VS Code executable, or the reason there is none (offline: ENOTFOUND). */
export async function downloadDesktopVSCode(): Promise<{ executable?: string; reason?: string }> {
  try {
    const cachePath = path.join(repoRoot, '.vscode-test');
    return { executable: await downloadAndUnzipVSCode({ version, cachePath, reporter: new SilentReporter() }) };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/**
 * Electron needs a display: the command prefix that gives it one ([] when there is one already,
 * xvfb-run on a headless Linux box), or undefined when there is no way to get one.
 */
function displayWrapper(): string[] | undefined {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return [];
  const xvfb = ['/usr/bin/xvfb-run', '/bin/xvfb-run'].find((candidate) => fs.existsSync(candidate));
  return xvfb ? [xvfb, '-a'] : undefined;
}

export function desktopCanRun(): boolean {
  return displayWrapper() !== undefined;
}

export async function runOnDesktop(executable: string, pass: IntegrationPass): Promise<number> {
  const workspace = copyWorkspace(pass.workspaceSource);
  const scratch = makeTempDir('sc-vscode-');
  const trust = pass.mode === 'restricted';
  writeUserSettings(path.join(scratch, 'user-data'), trust);
  const args = [
    workspace,
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    ...(trust ? [] : ['--disable-workspace-trust']),
    `--extensionDevelopmentPath=${pass.extensionPath}`,
    `--extensionTestsPath=${pass.testsPath}`,
    `--user-data-dir=${path.join(scratch, 'user-data')}`,
    `--extensions-dir=${path.join(scratch, 'extensions')}`,
  ];
  const argv = [...(displayWrapper() ?? []), executable, ...args];
  const child = spawn(argv[0] ?? executable, argv.slice(1), {
    env: { ...process.env, ...passEnv(pass) },
    stdio: 'inherit',
  });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  try {
    const seconds = Math.round(pass.timeoutMs / 1000);
    return await withTimeout(exited, pass.timeoutMs, `did not finish within ${seconds} s (SC_INTEGRATION_TIMEOUT_MS)`);
  } finally {
    if (child.pid !== undefined) await killProcessTree(child.pid);
    removeTempDir(workspace);
    removeTempDir(scratch);
  }
}
