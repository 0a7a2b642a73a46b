// Mocha wiring shared by e2e suites: one workbench per suite, a screenshot of each failure, nothing left running.
import * as path from 'node:path';
import { repoRoot } from '../../../tools/host/paths';
import { screenshot, startWorkbench, Workbench, WorkbenchOptions } from './workbench';

/** Call inside `describe`; returns the suite's workbench (available from the first test on). */
export function useWorkbench(options: WorkbenchOptions = {}): () => Workbench {
  let workbench: Workbench | undefined;
  before(async () => {
    workbench = await startWorkbench(options);
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
  return () => {
    if (!workbench) throw new Error('the workbench did not start');
    return workbench;
  };
}
