import type { Problem } from '../../problem';
import { isWellFormed, type Segment } from '../model';
import type { RuleContext } from '../ruleContext';

/**
 * Different labels at the same time: allowed (steps can co-occur), but frames there are
 * ambiguous for a single-label classifier, so say so once per segment.
 */
export function conflictingLabels({ model }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    const segments = entry.segments.filter(isWellFormed).sort((a, b) => a.start!.value - b.start!.value);
    let active: Segment[] = [];
    for (const segment of segments) {
      const start = segment.start!.value;
      active = active.filter((other) => other.end!.value > start);
      const other = active.find((candidate) => candidate.label!.value !== segment.label!.value);
      if (other) {
        problems.push({
          code: 'conflicting-labels',
          severity: 'information',
          message:
            `"${segment.label!.value}" overlaps "${other.label!.value}" ` +
            `(${Math.max(start, other.start!.value)}–${Math.min(segment.end!.value, other.end!.value)} s). ` +
            'Frames there have two labels and are skipped when frames are extracted.',
          span: segment.start!.node,
          related: [{ span: other.node, message: `the "${other.label!.value}" segment` }],
        });
      }
      active.push(segment);
    }
  }
  return problems;
}
