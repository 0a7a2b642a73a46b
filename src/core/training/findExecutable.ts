import * as fs from 'node:fs';
import * as path from 'node:path';

/** The first executable named `name` on PATH (or the given absolute path when it is executable); no shell involved. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = path.isAbsolute(name)
    ? [name]
    : (env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here: try the next folder
    }
  }
  return undefined;
}
