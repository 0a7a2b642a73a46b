import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporaryPathFor } from '../ffmpeg/atomicFiles';

/**
 * Writes via a temp file in the same folder and a rename: readers see the old file or the new, never
 * half. The temp name is the one removeTemporaryFiles recognises, so a killed run leaves nothing a
 * resume cannot clean. Creates the folder.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temp = temporaryPathFor(file);
  try {
    await fs.promises.writeFile(temp, data);
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
}
