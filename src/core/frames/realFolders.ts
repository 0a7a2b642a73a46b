import * as fs from 'node:fs';
import * as path from 'node:path';

/** A folder on the way to a frame is a symbolic link (or not a folder): writing there could land outside the output. */
export class UnsafeFolderError extends Error {}

/**
 * Creates the folders of the frame paths (relative, forward slashes) below `outDir`, one component at
 * a time, and refuses any that already exists as a symbolic link or a file: every write stays inside
 * the real output folder, whatever was put in it before.
 */
export async function prepareFrameFolders(outDir: string, framePaths: Iterable<string>): Promise<void> {
  const folders = new Set<string>();
  for (const relative of framePaths) folders.add(path.posix.dirname(relative));
  const checked = new Set<string>();
  for (const folder of [...folders].sort()) {
    let current = outDir;
    for (const part of folder.split('/').filter((p) => p && p !== '.')) {
      current = path.join(current, part);
      if (checked.has(current)) continue;
      await ensureRealFolder(current, outDir);
      checked.add(current);
    }
  }
}

async function ensureRealFolder(folder: string, outDir: string): Promise<void> {
  const stat = await fs.promises.lstat(folder).catch(() => undefined);
  if (!stat) {
    await fs.promises.mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    return ensureExistingIsReal(folder, outDir, await fs.promises.lstat(folder));
  }
  ensureExistingIsReal(folder, outDir, stat);
}

function ensureExistingIsReal(folder: string, outDir: string, stat: fs.Stats): void {
  if (stat.isSymbolicLink()) {
    const target = safeReadLink(folder);
    throw new UnsafeFolderError(
      `${folder} is a symbolic link${target ? ` to ${target}` : ''}: frames are written only into real folders ` +
        `inside ${outDir}. Remove the link, or choose another output folder.`,
    );
  }
  if (!stat.isDirectory())
    throw new UnsafeFolderError(
      `${folder} is a file where the dataset needs a folder. Move it away, or choose another output folder.`,
    );
}

function safeReadLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

/** True when `relative` (forward slashes) leads from `root` to a regular file through real folders only. */
export async function isOwnRegularFile(root: string, relative: string): Promise<boolean> {
  let current = root;
  const parts = relative.split('/').filter((p) => p && p !== '.');
  if (!parts.length || parts.includes('..')) return false;
  for (let i = 0; i < parts.length; i++) {
    current = path.join(current, parts[i]);
    const stat = await fs.promises.lstat(current).catch(() => undefined);
    if (!stat) return false;
    const last = i === parts.length - 1;
    if (last ? !stat.isFile() : !stat.isDirectory()) return false;
  }
  return true;
}
