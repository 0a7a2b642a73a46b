// `npm run test:integration`: runs the integration suite (out/test/integration) inside a real
// VS Code, twice: trusted (every suite not tagged @restricted) and in Restricted Mode (only those).
//   SC_TEST_HOST=code-server|desktop|auto   which VS Code (default auto: desktop if downloadable)
//   SC_TEST_MODES=trusted,restricted        which passes (default both)
//   SC_INTEGRATION_GREP=text                only tests whose full title contains text
//   SC_INTEGRATION_TIMEOUT_MS=360000        limit per pass
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseTestHost } from './hostChoice';
import { IntegrationPass } from './integrationPass';
import { fixtureWorkspace, integrationTestsEntry, repoRoot } from './paths';
import { TestMode, parseTestMode, testModes } from './testModes';

export interface IntegrationOptions {
  readonly extensionPath: string;
  readonly testsPath: string;
  readonly workspaceSource: string;
  readonly modes: readonly TestMode[];
  readonly timeoutMs: number;
}

/** Fails early, with the command to run, when the bundle or the compiled tests are missing. */
function checkBuilt(options: IntegrationOptions): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(options.extensionPath, 'package.json'), 'utf8')) as { main?: string };
  const missing = [
    ...(manifest.main ? [path.resolve(options.extensionPath, manifest.main)] : []),
    `${options.testsPath}.js`,
  ].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(`not built: ${missing.join(', ')} (run: npm run build && npm run compile-tests)`);
  }
}

/** Runs every pass, even after a failure, and returns 0 only when all passed. */
export async function runIntegrationTests(options: IntegrationOptions): Promise<number> {
  checkBuilt(options);
  const host = await chooseTestHost();
  const results: string[] = [];
  for (const mode of options.modes) {
    const pass: IntegrationPass = { ...options, mode };
    console.log(`\n=== integration tests, ${mode}, on ${host.name} ===`);
    const started = Date.now();
    let code: number;
    try {
      code = await host.run(pass);
    } catch (error) {
      console.error(`integration tests (${mode}): ${(error as Error).message}`);
      code = 1;
    }
    results.push(`${mode}: ${code === 0 ? 'passed' : `FAILED (${code})`} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  console.log(`\nintegration tests: ${results.join('; ')}`);
  return results.every((line) => line.includes('passed')) ? 0 : 1;
}

function optionsFromEnv(): IntegrationOptions {
  const modes = (process.env.SC_TEST_MODES ?? testModes.join(','))
    .split(',')
    .map((mode) => parseTestMode(mode.trim(), 'SC_TEST_MODES'));
  return {
    extensionPath: repoRoot,
    testsPath: integrationTestsEntry,
    workspaceSource: fixtureWorkspace,
    modes,
    timeoutMs: Number(process.env.SC_INTEGRATION_TIMEOUT_MS ?? 6 * 60_000),
  };
}

if (require.main === module) {
  // Ctrl+C or a CI cancel: exit normally so the exit hooks end code-server and remove temp folders.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  Promise.resolve()
    .then(() => runIntegrationTests(optionsFromEnv()))
    .then(
      (code) => process.exit(code),
      (error: Error) => {
        console.error(`integration tests: ${error.message}`);
        process.exit(1);
      },
    );
}
