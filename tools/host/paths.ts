// Where things are, computed from this file's compiled location (out/tools/host/paths.js).
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The code-server install made by scripts/install-code-server.sh (a cache, not a dependency). */
export const codeServerVersion = '4.100.3';
export const codeServerDir = path.join(repoRoot, '.vscode-test', `code-server-${codeServerVersion}`);
export const codeServerBin = path.join(codeServerDir, 'node_modules', '.bin', 'code-server');
export const codeServerComplete = path.join(codeServerDir, '.complete');

/** The workspace the integration and e2e tests open (always through a temporary copy). */
export const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');

/** The integration suite's entry module, as VS Code wants it: without the .js extension. */
export const integrationTestsEntry = path.join(repoRoot, 'out', 'test', 'integration', 'index');
