// Picks the VS Code that runs the integration tests: desktop VS Code where it can be downloaded,
// code-server (installed from npm, no internet needed) otherwise. SC_TEST_HOST forces one.
import { runOnCodeServer } from './codeServerRun';
import { desktopCanRun, downloadDesktopVSCode, runOnDesktop } from './desktopRun';
import { IntegrationPass } from './integrationPass';

export interface TestHost {
  readonly name: string;
  run(pass: IntegrationPass): Promise<number>;
}

const codeServerHost: TestHost = { name: 'code-server', run: runOnCodeServer };

export async function chooseTestHost(): Promise<TestHost> {
  const wanted = process.env.SC_TEST_HOST ?? 'auto';
  if (wanted === 'code-server') return codeServerHost;
  if (wanted !== 'auto' && wanted !== 'desktop') {
    throw new Error(`SC_TEST_HOST must be code-server, desktop or auto, not "${wanted}"`);
  }
  if (!desktopCanRun()) {
    if (wanted === 'desktop') throw new Error('desktop VS Code needs a display (DISPLAY) or xvfb-run');
    console.log('desktop VS Code: no display and no xvfb-run; using code-server');
    return codeServerHost;
  }
  const { executable, reason } = await downloadDesktopVSCode();
  if (executable) return { name: `desktop VS Code (${executable})`, run: (pass) => runOnDesktop(executable, pass) };
  if (wanted === 'desktop') throw new Error(`desktop VS Code could not be downloaded: ${reason}`);
  console.log(`desktop VS Code could not be downloaded (${reason}); using code-server`);
  return codeServerHost;
}
