import type { Problem } from '../../problem';
import type { RuleContext } from '../ruleContext';
import { unsafeLabelReason } from '../safeNames';

/** Labels name class folders: extraction refuses one that cannot, so the editor says so first. */
export function unsafeLabel({ model }: RuleContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of model.entries) {
    for (const segment of entry.segments) {
      if (!segment.label) continue;
      const reason = unsafeLabelReason(segment.label.value);
      if (!reason) continue;
      problems.push({
        code: 'unsafe-label',
        severity: 'error',
        message:
          `Label ${JSON.stringify(segment.label.value)} ${reason}, so it cannot name a class folder and Extract ` +
          `Frames refuses it. Use letters, digits, spaces inside, '-', '_' and '.'.`,
        span: segment.label.node,
      });
    }
  }
  return problems;
}
