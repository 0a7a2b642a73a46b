import type { Problem } from '../../problem';
import { replaceNode, sourceOf } from '../edits';
import type { RuleContext } from '../ruleContext';
import { formatTimestamp } from '../time';

/** A segment that reaches past durationSeconds: the end is clamped; a start past the end has no clear repair. */
export function segmentPastEnd({ text, model }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    const duration = entry.duration;
    if (!duration || !(duration.value > 0)) continue;
    const durationText = sourceOf(text, duration.node);
    const related = [
      { span: duration.node, message: `durationSeconds of this video (${formatTimestamp(duration.value)})` },
    ];
    for (const { start, end } of entry.segments) {
      if (start && start.value > duration.value) {
        problems.push({
          code: 'segment-past-end',
          severity: 'error',
          message:
            `Segment starts at ${start.value} s, after the end of the video (durationSeconds ${durationText}). ` +
            'Correct the time or durationSeconds.',
          span: start.node,
          related,
        });
      } else if (end && end.value > duration.value) {
        const canClamp = !start || start.value < duration.value;
        problems.push({
          code: 'segment-past-end',
          severity: 'error',
          message:
            `Segment ends at ${end.value} s, after the end of the video (durationSeconds ${durationText}). Clamp ` +
            `endSeconds to ${durationText}, or correct durationSeconds.`,
          span: end.node,
          related,
          fixes: canClamp
            ? [
                {
                  title: `Clamp endSeconds to the video duration (${durationText})`,
                  preferred: true,
                  edits: [replaceNode(end.node, durationText)],
                },
              ]
            : [],
        });
      }
    }
  }
  return problems;
}
