import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJsonLines } from './manifest';
import { containedPath } from './framePaths';
import { isOwnRegularFile } from './realFolders';

/**
 * A rerun with other settings must not leave the old plan's JPEGs beside the new ones: trainers that
 * read the folder layout would take them as data. Deletes only what the previous manifest of this
 * folder listed (our own files, reached through real folders), never anything else found there.
 */
export async function removeStaleFrames(
  outDir: string,
  previousManifest: string,
  keep: ReadonlySet<string>,
): Promise<number> {
  const text = await fs.promises.readFile(previousManifest, 'utf8').catch(() => undefined);
  if (text === undefined) return 0;
  let listed: string[];
  try {
    listed = parseJsonLines(text, previousManifest).map((row) => row.path);
  } catch {
    return 0; // A damaged manifest cannot say what was ours.
  }
  let removed = 0;
  const emptied = new Set<string>();
  for (const relative of new Set(listed)) {
    if (keep.has(relative) || !/\.jpe?g$/i.test(relative)) continue;
    let file: string;
    try {
      file = containedPath(outDir, relative);
    } catch {
      continue;
    }
    if (!(await isOwnRegularFile(outDir, relative))) continue;
    await fs.promises.rm(file, { force: true });
    removed++;
    emptied.add(path.dirname(file));
  }
  // An empty class folder would still read as a class to a folder-layout trainer.
  for (const folder of [...emptied].sort((a, b) => b.length - a.length))
    await removeEmptyUpTo(folder, path.resolve(outDir));
  return removed;
}

async function removeEmptyUpTo(folder: string, root: string): Promise<void> {
  for (let current = folder; current.startsWith(root + path.sep); current = path.dirname(current)) {
    const removed = await fs.promises.rmdir(current).then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
}
