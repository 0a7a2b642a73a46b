import type { Problem } from '../../problem';
import { replaceNode, sourceOf } from '../edits';
import type { RuleContext } from '../ruleContext';

/** start > end: almost always the two values written into each other's field. */
export function invertedSegment({ text, model }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    for (const segment of entry.segments) {
      const { start, end } = segment;
      if (!start || !end || start.value <= end.value) continue;
      problems.push({
        code: 'inverted-segment',
        severity: 'error',
        message:
          `Segment starts after it ends (startSeconds ${sourceOf(text, start.node)} > endSeconds ` +
          `${sourceOf(text, end.node)}). Swap the two values.`,
        span: start.node,
        related: [{ span: end.node, message: 'endSeconds of this segment' }],
        fixes: [
          {
            title: 'Swap startSeconds and endSeconds',
            preferred: true,
            edits: [
              replaceNode(start.node, sourceOf(text, end.node)),
              replaceNode(end.node, sourceOf(text, start.node)),
            ],
          },
        ],
      });
    }
  }
  return problems;
}
