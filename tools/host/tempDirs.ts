// Temporary folders for one test run: a copy of the workspace (tests may edit it) and the
// server's scratch home. Each is removed when its user is done, or at the latest when we exit.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made = new Set<string>();
process.on('exit', () => {
  for (const dir of made) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort while exiting: nothing could report it any more.
    }
  }
});

export function makeTempDir(prefix: string): string {
  // realpath: /tmp may be a symlink, and VS Code compares the paths it is given with real ones.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.add(dir);
  return dir;
}

/** A fresh copy of `source` inside a new temporary folder; returns the copy's path. */
export function copyWorkspace(source: string): string {
  if (!fs.existsSync(source)) throw new Error(`workspace folder not found: ${source}`);
  const target = path.join(makeTempDir('sc-workspace-'), path.basename(source));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

/** Removes a folder made by makeTempDir, or the one around a path inside it (a workspace copy). */
export function removeTempDir(dir: string): void {
  for (const root of made) {
    if (dir === root || dir.startsWith(root + path.sep)) {
      fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
      made.delete(root);
      return;
    }
  }
  throw new Error(`refusing to remove ${dir}: not a temporary folder made by this run`);
}
