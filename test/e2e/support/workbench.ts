// A real VS Code workbench (code-server + chromium) with the extension loaded in development mode,
// opened on a temporary copy of a workspace folder. Helpers to drive it are re-exported below.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchBrowser, newPage, openWorkbench } from '../../../tools/host/browser';
import { CodeServer, Settings, startCodeServer } from '../../../tools/host/codeServer';
import { fixtureWorkspace, repoRoot } from '../../../tools/host/paths';
import { copyWorkspace, removeTempDir } from '../../../tools/host/tempDirs';

export { chooseCodeAction, openCodeActions } from './codeActions';
export { activeTab, openFile, runCommand } from './quickInput';
export { ProblemCounts, problemCounts, waitForProblemCounts } from './statusBar';
export { waitUntil } from './wait';

export interface WorkbenchOptions {
  /** Folder to copy and open; default test/fixtures/workspace. */
  readonly workspace?: string;
  /** User settings on top of the test defaults. */
  readonly settings?: Settings;
  /** Environment for code-server and so for the extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /** Workspace Trust on (the copy then opens in Restricted Mode). Default off. */
  readonly workspaceTrust?: boolean;
}

export interface Workbench {
  readonly page: Page;
  /** The temporary copy of the workspace that is open: tests may read and change its files. */
  readonly workspacePath: string;
  /** Closes the browser, ends code-server's whole process tree and removes the temporary folders. */
  close(): Promise<void>;
}

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const workspacePath = copyWorkspace(options.workspace ?? fixtureWorkspace);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    removeTempDir(workspacePath);
  };
  try {
    server = await startCodeServer({
      workspaceTrust: options.workspaceTrust ?? false,
      ...(options.settings ? { settings: options.settings } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    browser = await launchBrowser();
    const page = await newPage(browser);
    await openWorkbench(page, server.url(workspacePath, { extensionDevelopmentPath: repoRoot }));
    return { page, workspacePath, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A PNG of the whole page; the folder is created. */
export async function screenshot(page: Page, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
}
