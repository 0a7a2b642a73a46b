import type { ExtractionSummary } from './extractDataset';

/** The end-of-run summary a person reads: frames per class per split, what was skipped and why, warnings. */
export function formatSummary(summary: ExtractionSummary): string {
  const lines: string[] = [];
  const splits = Object.keys(summary.counts);
  const width = Math.max(5, ...summary.classes.map((c) => c.length));
  lines.push(`${'class'.padEnd(width)}  ${splits.map((s) => s.padStart(10)).join('  ')}  ${'total'.padStart(8)}`);
  for (const className of summary.classes) {
    const perSplit = splits.map((split) => summary.counts[split][className] ?? 0);
    lines.push(
      `${className.padEnd(width)}  ${perSplit.map((n) => String(n).padStart(10)).join('  ')}  ` +
        `${String(perSplit.reduce((a, b) => a + b, 0)).padStart(8)}`,
    );
  }
  const skipped = Object.entries(summary.skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason}`);
  const stale = summary.staleFramesRemoved ? `, removed from the previous plan ${summary.staleFramesRemoved}` : '';
  lines.push(
    `Frames written ${summary.framesWritten}, kept from an earlier run ${summary.framesReused}${stale}, in ` +
      `${summary.seconds.toFixed(1)} s.`,
  );
  if (skipped.length) lines.push(`Skipped: ${skipped.join(', ')}.`);
  for (const excluded of summary.excludedVideos) {
    const videoId = excluded.videoId === undefined ? '' : ` (videoId ${JSON.stringify(String(excluded.videoId))})`;
    lines.push(`Left out: entry ${excluded.entryIndex + 1}${videoId} ${excluded.reason}.`);
  }
  for (const failure of summary.failures)
    lines.push(`FAILED video ${JSON.stringify(failure.videoId)}: ${failure.message}`);
  for (const warning of summary.warnings) lines.push(`Warning: ${warning}`);
  lines.push(`Manifest: ${summary.manifestFile}`);
  return lines.join('\n');
}
