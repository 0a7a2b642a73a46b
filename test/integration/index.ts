// The extensionTestsPath module: VS Code loads it in the extension host and calls run().
// Which suites run depends on the pass the runner (tools/host/runIntegrationTests) started.
import * as fs from 'node:fs';
import Mocha from 'mocha';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseTestMode, suiteBanner, testGrep, testGrepEnv, testModeEnv } from '../../tools/host/testModes';

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(file);
    return entry.name.endsWith('.test.js') ? [file] : [];
  });
}

export function run(): Promise<void> {
  const mode = parseTestMode(process.env[testModeEnv]);
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  mocha.grep(testGrep(mode, process.env[testGrepEnv]));
  for (const file of testFiles(__dirname).sort()) mocha.addFile(file);
  console.log(`${suiteBanner} ${mode} mode, workspace trusted: ${String(vscode.workspace.isTrusted)}`);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}

