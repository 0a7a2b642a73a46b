import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// `npm test` and `npm run demo` start with scripts/install-system-deps.sh (pretest/predemo). On a
// machine without the Debian packages and without root, it must stop with one line naming the
// exact sudo command, before anything else runs.
const root = path.resolve(__dirname, '../../..');
const script = path.join(root, 'scripts', 'install-system-deps.sh');

describe('install-system-deps.sh on a machine without the packages', () => {
  it('names the exact sudo apt-get line when not root, and installs nothing', function () {
    const bash = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-path-'));
    try {
      // A PATH with only `id`: chromium and rg are absent, as on a fresh machine.
      fs.symlinkSync(spawnSync('bash', ['-c', 'command -v id'], { encoding: 'utf8' }).stdout.trim(), path.join(bin, 'id'));
      fs.chmodSync(bin, 0o755);
      const setpriv = spawnSync('bash', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).stdout.trim();
      const asNobody = process.getuid?.() === 0 ? [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups', bash, script] : [bash, script];
      const result = spawnSync(asNobody[0], asNobody.slice(1), { encoding: 'utf8', env: { PATH: bin, HOME: os.tmpdir() }, cwd: os.tmpdir() });
      assert.equal(result.status, 1, result.stderr);
      const missing = ['chromium', ...(fs.existsSync('/usr/include/gssapi/gssapi.h') ? [] : ['libkrb5-dev']), 'ripgrep'].join(' ');
      assert.equal(result.stderr.trim(), `Missing Debian packages: ${missing}. Install them with: sudo apt-get install -y ${missing}`);
      assert.equal(result.stdout, '');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  // npm test ran the script before this suite, so the packages are here now.
  it('says so and exits 0 when every package is there', () => {
    const result = spawnSync('bash', [script], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'system deps: present');
  });
});
