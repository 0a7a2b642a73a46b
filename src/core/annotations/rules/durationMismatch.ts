import type { Problem } from '../../problem';
import { numberText, replaceNode } from '../edits';
import type { RuleContext } from '../ruleContext';
import { resolveVideoPath } from '../videoLocation';

const DEFAULT_TOLERANCE = 1;

/**
 * durationSeconds that disagrees with the probed video: segments and frame times would be checked against the wrong
 * end.
 */
export function durationMismatch({ model, options }: RuleContext): Problem[] {
  const lookup = options.videos;
  if (!lookup?.duration) return [];
  const tolerance = lookup.durationTolerance ?? DEFAULT_TOLERANCE;
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    if (!entry.duration) continue;
    const file = resolveVideoPath(entry, lookup);
    const real = file ? lookup.duration(file) : undefined;
    if (real === undefined || Math.abs(real - entry.duration.value) <= tolerance) continue;
    const value = numberText(Math.round(real * 1000) / 1000);
    problems.push({
      code: 'duration-mismatch',
      severity: 'warning',
      message:
        `durationSeconds ${entry.duration.value} differs from the length of ${file} (${value} s) by more than ` +
        `${tolerance} s. Set durationSeconds to ${value}, or check that "video" names the right file.`,
      span: entry.duration.node,
      fixes: [
        {
          title: `Set durationSeconds to the video's length (${value})`,
          preferred: true,
          edits: [replaceNode(entry.duration.node, value)],
        },
      ],
    });
  }
  return problems;
}
