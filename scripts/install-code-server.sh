#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3 for the browser) into .vscode-test/, offline-safe.
# Used as the integration/e2e host where @vscode/test-electron cannot download VS Code.
# See shared/docs/vscode-e2e.md for why each step is here.
set -euo pipefail
VERSION=4.100.3
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.vscode-test/code-server-$VERSION"
bin="$dest/node_modules/.bin/code-server"
if [ -x "$bin" ] && [ -f "$dest/.complete" ]; then
  echo "code-server $VERSION: present in $dest"
  exit 0
fi
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install -y ripgrep" >&2; exit 1; }
[ -f /usr/include/gssapi/gssapi.h ] || { echo "libkrb5-dev is required: apt-get install -y libkrb5-dev" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# @vscode/ripgrep's postinstall looks for this cached tarball before trying to download rg.
mkdir -p "$tmp/vscode-ripgrep-cache-1.15.11"
cp "$(command -v rg)" "$tmp/rg"
tar -C "$tmp" -czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
cat > "$dest/package.json" <<JSON
{ "name": "code-server-host", "private": true, "version": "0.0.0",
  "dependencies": { "code-server": "$VERSION" },
  "allowScripts": { "code-server": true, "argon2": true } }
JSON
echo "code-server $VERSION: installing into $dest (about 2 minutes)"
(cd "$dest" && TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
  npm install --no-audit --no-fund --loglevel=error >"$tmp/install.log" 2>&1) || { tail -40 "$tmp/install.log" >&2; exit 1; }
[ -x "$bin" ] || { echo "code-server install finished without $bin" >&2; exit 1; }
touch "$dest/.complete"
echo "code-server $VERSION: installed"
