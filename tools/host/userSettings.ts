// The user settings every test host starts with: quiet, offline, and with Workspace Trust as asked.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Settings = Readonly<Record<string, unknown>>;

function defaultSettings(workspaceTrust: boolean): Settings {
  return {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': workspaceTrust,
    // No modal "Do you trust the authors" dialog over the workbench: the folder just stays untrusted.
    'security.workspace.trust.startupPrompt': 'never',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
    'workbench.tips.enabled': false,
  };
}

/** Writes <userDataDir>/User/settings.json; `extra` overrides the defaults. */
export function writeUserSettings(userDataDir: string, workspaceTrust: boolean, extra: Settings = {}): void {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...defaultSettings(workspaceTrust), ...extra }, null, 2));
}
