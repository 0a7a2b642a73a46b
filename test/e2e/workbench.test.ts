// Smoke test of the e2e host: the real workbench opens the example with the extension loaded.
import * as path from 'node:path';
import { repoRoot } from '../../tools/host/paths';
import { Workbench, activeTab, openFile, screenshot, startWorkbench } from './support/workbench';

describe('workbench (e2e)', () => {
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await startWorkbench();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      const name = this.currentTest.fullTitle().replace(/[^\w.-]+/g, '_');
      await screenshot(workbench.page, path.join(repoRoot, 'out', 'e2e-screenshots', `${name}.png`));
    }
  });

  after(async () => {
    await workbench?.close();
  });

  it('opens example.annotations.json in an editor tab', async () => {
    const page = (workbench as Workbench).page;
    await openFile(page, 'example.annotations.json');
    await activeTab(page, 'example.annotations.json').waitFor({ state: 'visible' });
  });
});
