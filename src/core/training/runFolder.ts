import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomicWrite';

export type RunStatus = 'running' | 'completed' | 'cancelled' | 'failed';

export interface RunState {
  readonly status: RunStatus;
  readonly started: string;
  readonly finished?: string;
  readonly message?: string;
}

/** `<runs>/<yyyymmdd-hhmmss>-<name>/`, made unique with a counter when two runs start in one second. */
export async function createRunFolder(runsDir: string, name: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safeName =
    name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 60) || 'run';
  await fs.promises.mkdir(runsDir, { recursive: true });
  for (let counter = 0; ; counter++) {
    const folder = path.join(runsDir, `${stamp}-${safeName}${counter ? `-${counter}` : ''}`);
    try {
      await fs.promises.mkdir(folder);
      return folder;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * run.json: whether the run finished, was cancelled or failed (written by the worker, or by the host when the worker
 * died).
 */
export async function writeRunState(runDir: string, state: RunState): Promise<void> {
  await writeFileAtomic(path.join(runDir, 'run.json'), JSON.stringify(state, null, 2) + '\n');
}

export async function readRunState(runDir: string): Promise<RunState | undefined> {
  try {
    return JSON.parse(await fs.promises.readFile(path.join(runDir, 'run.json'), 'utf8')) as RunState;
  } catch {
    return undefined;
  }
}

export const writeJson = (file: string, value: unknown): Promise<void> =>
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');

/** Appends one JSON line (metrics.jsonl); appends of one line are atomic enough for a log read after the run. */
export const appendJsonLine = (file: string, value: unknown): Promise<void> =>
  fs.promises.appendFile(file, JSON.stringify(value) + '\n');
