// Type-checks every room with its own tsconfig, so the compiler keeps the boundaries
// (core sees no vscode, the CLI sees no vscode, the extension sees no DOM).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const rooms = ['src/core', 'src/shared', 'src/worker', 'src/extension', 'src/cli', 'src/webview', 'tools'];
let failed = 0;
for (const room of rooms) {
  const args = [tsc, '-p', `${room}/tsconfig.json`, '--noEmit'];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  console.log(`typecheck ${room}: ${result.status === 0 ? 'ok' : 'FAILED'}`);
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
