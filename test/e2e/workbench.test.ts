// Smoke test of the e2e host: the real workbench opens the example with the extension loaded.
import { useWorkbench } from './support/suite';
import { activeTab, openFile } from './support/workbench';

describe('workbench (e2e)', () => {
  const workbench = useWorkbench();
  const page = () => workbench().page;

  it('opens example.annotations.json in an editor tab', async () => {
    await openFile(page(), 'example.annotations.json');
    await activeTab(page(), 'example.annotations.json').waitFor({ state: 'visible' });
  });
});
