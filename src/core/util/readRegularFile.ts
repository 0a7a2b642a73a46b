import * as fs from 'node:fs';

/** Why a path given as an input file cannot be read as one, in one line that says what to give instead. */
export class InputFileError extends Error {}

/**
 * Reads a file the user named, refusing anything that is not a regular file before opening it: a
 * FIFO would block the read for ever, a folder gives a raw EISDIR, a device never ends.
 */
export function readRegularFileSync(file: string): string {
  assertRegularFile(
    file,
    statOrExplain(file, () => fs.statSync(file)),
  );
  return readOrExplain(file, () => fs.readFileSync(file, 'utf8'));
}

export async function readRegularFile(file: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (error) {
    throw explain(file, error);
  }
  assertRegularFile(file, stat);
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    throw explain(file, error);
  }
}

function assertRegularFile(file: string, stat: fs.Stats): void {
  if (stat.isDirectory())
    throw new InputFileError(`${file} is a folder, not a file. Give the annotation file inside it.`);
  if (!stat.isFile())
    throw new InputFileError(
      `${file} is not a regular file (${kindOf(stat)}); only regular files are read. Give a file saved on disk.`,
    );
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a file';
}

function statOrExplain(file: string, stat: () => fs.Stats): fs.Stats {
  try {
    return stat();
  } catch (error) {
    throw explain(file, error);
  }
}

function readOrExplain(file: string, read: () => string): string {
  try {
    return read();
  } catch (error) {
    throw explain(file, error);
  }
}

function explain(file: string, error: unknown): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new InputFileError(`${file} not found. Check the path.`);
  if (code === 'EACCES' || code === 'EPERM') return new InputFileError(`${file} cannot be read: permission denied.`);
  return new InputFileError(
    `${file} cannot be read: ${code ?? (error instanceof Error ? error.message : String(error))}.`,
  );
}
