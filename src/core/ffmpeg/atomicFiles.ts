import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A temporary name next to `target` (same folder, so the rename is atomic); never a name the dataset uses. */
export function temporaryPathFor(target: string): string {
  return `${target}.${randomBytes(6).toString('hex')}.partial`;
}

/** Renames a finished temporary file over `target`, or copies it there atomically when it serves several targets. */
export async function publishFile(temporary: string, target: string, keepTemporary: boolean): Promise<void> {
  if (!keepTemporary) return fs.promises.rename(temporary, target);
  const copy = temporaryPathFor(target);
  try {
    await fs.promises.copyFile(temporary, copy);
    await fs.promises.rename(copy, target);
  } catch (error) {
    await removeQuietly(copy);
    throw error;
  }
}

/** Creates the folders of all targets once. */
export async function ensureFolders(targets: Iterable<string>): Promise<void> {
  const folders = new Set([...targets].map((target) => path.dirname(target)));
  await Promise.all([...folders].map((folder) => fs.promises.mkdir(folder, { recursive: true })));
}

/** Deletes files that may or may not exist. */
export async function removeQuietly(...files: string[]): Promise<void> {
  await Promise.all(files.map((file) => fs.promises.rm(file, { force: true }).catch(() => undefined)));
}

/** True for the names temporaryPathFor makes. */
export function isTemporaryPath(file: string): boolean {
  return /\.[0-9a-f]{12}\.partial$/.test(file);
}

/**
 * Deletes temporary files left below `folder` by a run that was killed before it could clean up
 * (SIGKILL, power loss); call it before resuming. Returns how many there were.
 */
export async function removeTemporaryFiles(folder: string): Promise<number> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(folder, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  const stale = entries
    .filter((entry) => entry.isFile() && isTemporaryPath(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
  await removeQuietly(...stale);
  return stale.length;
}
