import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_MODELS } from './builtinModels';
import { ModelProblem } from './modelErrors';

/**
 * The model.json a path setting means: a folder holding model.json, or the file itself. Relative paths are taken
 * from `baseDir` (the workspace folder for a setting, the working directory for the CLI); '~' is the home folder.
 */
export async function locateLocalModel(spec: string, baseDir: string): Promise<string> {
  const expanded = spec.startsWith('file:') ? fileURLToPath(spec) : spec.replace(/^~(?=$|[\\/])/, os.homedir());
  const location = path.resolve(baseDir, expanded);
  const stat = await fs.promises.stat(location).catch(() => undefined);
  if (!stat) {
    const names = BUILTIN_MODELS.map((model) => model.name).join(', ');
    throw new ModelProblem(
      'not-found',
      `"${spec}" is neither a built-in model name (${names}) nor an existing folder or model.json (looked at ` +
        `${location})`,
    );
  }
  const modelJson = stat.isDirectory() ? path.join(location, 'model.json') : location;
  if (stat.isDirectory() && !(await fs.promises.stat(modelJson).catch(() => undefined))?.isFile()) {
    throw new ModelProblem('not-found', `the folder ${location} has no model.json`);
  }
  return modelJson;
}
