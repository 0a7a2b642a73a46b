// Reading the problems item of the status bar (the ⊗ 2 ⚠ 0 at the bottom left).
import { Page } from 'playwright-core';
import { waitUntil } from './wait';

export interface ProblemCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
}

/** Its label lists the non-zero kinds: "Errors: 2, Warnings: 1", or "No Problems". */
export function parseProblemsLabel(label: string): ProblemCounts {
  const count = (kind: string): number => Number(new RegExp(`${kind}: (\\d+)`).exec(label)?.[1] ?? 0);
  return { errors: count('Errors'), warnings: count('Warnings'), infos: count('Infos') };
}

export async function problemCounts(page: Page): Promise<ProblemCounts> {
  const item = page.locator('[id="status.problems"]');
  await item.waitFor({ state: 'attached' });
  return parseProblemsLabel((await item.getAttribute('aria-label')) ?? '');
}

/** Waits until the counts satisfy `expected` (validation runs after a debounce, in the extension host). */
export function waitForProblemCounts(
  page: Page,
  expected: (counts: ProblemCounts) => boolean,
  timeoutMs = 30_000,
): Promise<ProblemCounts> {
  return waitUntil(
    'the expected problem counts in the status bar',
    async () => {
      const counts = await problemCounts(page);
      return expected(counts) ? counts : undefined;
    },
    timeoutMs,
  );
}
