import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OPEN_ON_START_ENV, type OpenOnStart } from '../../src/shared/openOnStart';
import { launchBrowser, newPage, openWorkbench } from '../host/browser';
import { ensureCodeServer, startCodeServer } from '../host/codeServer';
import { repoRoot } from '../host/paths';
import { extractAndTrain } from './pipeline';
import { createSampleWorkspace, TRAINING_ANNOTATIONS } from './sampleWorkspace';

/**
 * `npm run demo`: builds nothing itself (npm runs the build first), makes the sample workspace and
 * opens it with the extension: desktop `code` when it is on PATH, else code-server on 127.0.0.1.
 * `--check` starts the editor, checks that it answers, and stops (for CI and fresh-clone checks).
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const workspace = path.join(repoRoot, '.demo-workspace');
  // Offline machines point the base model at a local copy; elsewhere the built-in name downloads once.
  const localModel = path.resolve(repoRoot, '..', 'shared', 'models', 'mobilenet_v1_0.25_224_tfjs_layers');
  const baseModel = fs.existsSync(path.join(localModel, 'model.json')) ? localModel : 'mobilenet_v1_0.25_224';
  await createSampleWorkspace(workspace, baseModel, (line) => console.log(line));
  console.log(`Sample workspace: ${workspace}`);
  const { runDir, testVideo } = await extractAndTrain(workspace, baseModel, (line) => console.log(line));
  // The editor opens on the run's dashboard and the held-out video's timeline (see src/extension/openOnStart.ts).
  const openPanels: OpenOnStart = {
    dashboard: path.dirname(runDir),
    predictVideo: { video: testVideo.file, runDir, annotations: path.join(workspace, TRAINING_ANNOTATIONS), videoId: testVideo.videoId, everySeconds: 4 },
  };
  const env = { [OPEN_ON_START_ENV]: JSON.stringify(openPanels) };

  if (!check && hasDesktopCode()) {
    console.log('Opening it in VS Code (desktop) with the extension in development mode…');
    spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit', detached: true, env: { ...process.env, ...env } }).unref();
    return;
  }

  ensureCodeServer();
  const server = await startCodeServer({ settings: { 'workbench.colorTheme': 'Default Dark Modern' }, env });
  const url = server.url(workspace, { extensionDevelopmentPath: repoRoot });
  if (check) {
    try {
      await checkPanels(url, `Timeline: ${path.basename(testVideo.file)}`);
    } finally {
      await server.stop();
    }
    console.log(`Demo check passed: the workbench opened on port ${server.port} with the dashboard and the video timeline.`);
    return;
  }
  console.log(`\nSurgery Classifier demo is running. Open this URL in a browser:\n\n  ${url}\n`);
  console.log('It opens on the training dashboard and the video timeline of a held-out video.');
  console.log('Open suturing.annotations.json: the Problems panel lists what is wrong; Ctrl+. offers the repairs.');
  console.log('Press Ctrl+C to stop.');
  // code-server's process is unref'd by the host module: a timer keeps the demo alive until Ctrl+C.
  const keepAlive = setInterval(() => undefined, 60_000);
  const stop = async () => {
    clearInterval(keepAlive);
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** Opens the workbench in headless chromium and waits for the two panels the demo promises. */
async function checkPanels(url: string, timelineTitle: string): Promise<void> {
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    await openWorkbench(page, url);
    for (const title of ['Training: runs', timelineTitle]) {
      await page.locator('.tabs-container .tab').filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: 120_000 });
    }
    // Both webviews show their data: the dashboard's curves and the timeline's strip (the worker's prediction).
    const webviews = page.locator('iframe.webview');
    const drawn = async (selector: string, attribute: string): Promise<boolean> => {
      for (let i = 0; i < (await webviews.count()); i++) {
        const value = await webviews.nth(i).contentFrame().frameLocator('#active-frame').locator(selector).getAttribute(attribute, { timeout: 1000 }).catch(() => null);
        if (Number(value) > 0) return true;
      }
      return false;
    };
    const deadline = Date.now() + 180_000;
    while (!((await drawn('#chart-step-loss', 'data-points')) && (await drawn('#timeline', 'data-drawn')))) {
      if (Date.now() > deadline) throw new Error('the dashboard and the timeline did not show their data within 3 minutes');
      await page.waitForTimeout(1000);
    }
    await page.screenshot({ path: path.join(repoRoot, 'media', 'screenshots', 'demo.png') });
  } finally {
    await browser.close();
  }
}

function hasDesktopCode(): boolean {
  const probe = spawnSync('code', ['--version'], { encoding: 'utf8' });
  // code-server also installs a `code` shim on some systems; only a desktop build prints an Electron version line.
  return probe.status === 0 && !/code-server/i.test(probe.stdout);
}

main().catch((error) => {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
