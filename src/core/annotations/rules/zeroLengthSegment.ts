import type { Problem } from '../../problem';
import type { RuleContext } from '../ruleContext';

/** start == end holds no time point (segments are [start, end)), so it labels no frame. */
export function zeroLengthSegment({ model }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    for (const { start, end } of entry.segments) {
      if (!start || !end || start.value !== end.value) continue;
      problems.push({
        code: 'zero-length-segment',
        severity: 'warning',
        message:
          `Segment has zero length (startSeconds = endSeconds = ${start.value}), so it labels no frame. Set ` +
          'endSeconds after startSeconds, or remove the segment.',
        span: end.node,
        related: [{ span: start.node, message: 'startSeconds of this segment' }],
      });
    }
  }
  return problems;
}
