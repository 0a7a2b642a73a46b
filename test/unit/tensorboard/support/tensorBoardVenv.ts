// A Python virtual environment with the real TensorBoard, made once and kept in .vscode-test/
// (git-ignored, kept between runs). Its folder name is a hash of what goes into it, and it counts
// only once a marker says the install finished and `import tensorboard` still works: an
// interrupted or broken one is deleted and made again.
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** TensorBoard 2.21, the version the logs are checked against; pillow decodes the images. */
const REQUIREMENTS = ['tensorboard>=2.21,<2.22', 'pillow'];
const MARKER = 'surgery-classifier-ready';

export interface TensorBoardVenv {
  readonly python: string;
  readonly tensorboard: string;
  readonly version: string;
}

export function tensorBoardVenv(repoRoot: string, log: (line: string) => void = () => undefined): TensorBoardVenv {
  const pythonVersion = execFileSync('python3', ['-c', 'import sys; print(sys.version)'], { encoding: 'utf8' }).trim();
  const key = crypto.createHash('sha256').update(JSON.stringify([pythonVersion, REQUIREMENTS])).digest('hex').slice(0, 12);
  const dir = path.join(repoRoot, '.vscode-test', `tensorboard-venv-${key}`);
  const python = path.join(dir, 'bin', 'python');
  const venv = { python, tensorboard: path.join(dir, 'bin', 'tensorboard') };
  const check = (): string | undefined => {
    if (!fs.existsSync(path.join(dir, MARKER))) return undefined;
    try {
      return execFileSync(python, ['-c', 'import tensorboard, PIL; print(tensorboard.__version__)'], { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  const ready = check();
  if (ready) return { ...venv, version: ready };
  log(`making the TensorBoard virtual environment ${path.relative(repoRoot, dir)} (pip install ${REQUIREMENTS.join(' ')})…`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  execFileSync('python3', ['-m', 'venv', dir], { stdio: 'pipe' });
  // Few retries: offline, the default index fails at once and pip goes on with the configured ones.
  execFileSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--retries', '1', ...REQUIREMENTS], { stdio: 'pipe', maxBuffer: 64 * 1024 * 1024, timeout: 1_200_000 });
  fs.writeFileSync(path.join(dir, MARKER), `${REQUIREMENTS.join('\n')}\n`);
  const version = check();
  if (!version) throw new Error(`the TensorBoard virtual environment in ${dir} does not import tensorboard after pip install`);
  return { ...venv, version };
}
