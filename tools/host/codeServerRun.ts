// Runs one integration pass inside code-server: the workbench, opened by chromium with the test
// module in its payload, runs the tests in the extension host and reports through two page hooks.
import { Browser } from 'playwright-core';
import { launchBrowser, newPage } from './browser';
import { CodeServer, startCodeServer } from './codeServer';
import { createHostLog } from './hostLog';
import { IntegrationPass, passEnv, withTimeout } from './integrationPass';
import { copyWorkspace, removeTempDir } from './tempDirs';

export async function runOnCodeServer(pass: IntegrationPass): Promise<number> {
  const workspace = copyWorkspace(pass.workspaceSource);
  const pageErrors: string[] = [];
  const hostLog = createHostLog();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({ workspaceTrust: pass.mode === 'restricted', env: passEnv(pass) });
    browser = await launchBrowser();
    const page = await newPage(browser);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    let exit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve, reject) => {
      exit = resolve;
      page.once('crash', () => reject(new Error('the workbench page crashed')));
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => exit(typeof code === 'number' ? code : 1));
    await page.exposeFunction('codeAutomationLog', hostLog.write);
    const url = server.url(workspace, { extensionDevelopmentPath: pass.extensionPath, extensionTestsPath: pass.testsPath });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const seconds = Math.round(pass.timeoutMs / 1000);
    const code = await withTimeout(exitCode, pass.timeoutMs, `did not finish within ${seconds} s (SC_INTEGRATION_TIMEOUT_MS)`);
    if (code !== 0) hostLog.flushHeld();
    return code;
  } catch (error) {
    hostLog.flushHeld();
    if (pageErrors.length > 0) console.error(`workbench page errors:\n  ${pageErrors.slice(-10).join('\n  ')}`);
    throw error;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    removeTempDir(workspace);
  }
}
