// What one run of the integration suite needs, whichever host runs it.
import { TestMode, testGrepEnv, testModeEnv } from './testModes';

export interface IntegrationPass {
  readonly mode: TestMode;
  /** The extension under test (a folder with package.json). */
  readonly extensionPath: string;
  /** The mocha entry module, without `.js`. */
  readonly testsPath: string;
  /** Folder copied to a temporary place and opened as the workspace. */
  readonly workspaceSource: string;
  readonly timeoutMs: number;
}

/** The environment the extension host gets: the mode, and the optional test filter. */
export function passEnv(pass: IntegrationPass): Record<string, string> {
  const env: Record<string, string> = { [testModeEnv]: pass.mode };
  const grep = process.env[testGrepEnv];
  if (grep) env[testGrepEnv] = grep;
  return env;
}

/** Resolves with `promise`, or rejects with `message` after `ms`; the timer never outlives it. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
